/**
 * Before any work starts: the final path of every output of every chosen media file, and
 * what to do where one exists already (asked once per media file, before the model loads).
 */
import * as path from 'node:path';
import { decideConflict, type ConflictChoice } from './conflicts.js';
import { outputPathFor, type OutputKind } from './output-naming.js';
import { exists } from './place-output.js';
import type { WhisperxSettings } from './settings.js';

/** Which command is running. */
export type TranscriptionKind = 'markdown' | 'subtitles';

export interface PlannedMedia {
  /** Absolute media path. */
  media: string;
  /** Final output paths by kind. */
  targets: Partial<Record<OutputKind, string>>;
  /** 'write' (free names), 'overwrite' or 'keep-both'. */
  choice: Exclude<ConflictChoice, 'skip'>;
}

/** Output kinds a command writes under these settings. */
export function outputKinds(kind: TranscriptionKind, s: WhisperxSettings): OutputKind[] {
  if (kind === 'markdown') return ['md'];
  return s.subtitleFormat === 'both' ? ['srt', 'vtt'] : [s.subtitleFormat];
}

export interface PlanOptions {
  kind: TranscriptionKind;
  settings: WhisperxSettings;
  /** Workspace folder holding a media file (for a relative outputFolder). */
  workspaceFolderOf: (media: string) => string | undefined;
  /** Ask about existing outputs. Default: the modal of conflicts.ts. */
  decide?: (media: string, targets: readonly string[]) => Promise<ConflictChoice>;
  fileExists?: (file: string) => Promise<boolean>;
  now?: Date;
}

/**
 * Plan every media file; files the person chose to skip are left out. Two media files that
 * map to one name (same name in different folders with an outputFolder) do not overwrite each
 * other: the later one keeps both without asking. Naming errors (a bad pattern) throw.
 */
export async function planOutputs(media: readonly string[], options: PlanOptions): Promise<PlannedMedia[]> {
  const fileExists = options.fileExists ?? exists;
  const decide = options.decide ?? ((m, t) => decideConflict(m, t, fileExists));
  const kinds = outputKinds(options.kind, options.settings);
  const claimed = new Set<string>();
  const plan: PlannedMedia[] = [];
  for (const file of media) {
    const targets: Partial<Record<OutputKind, string>> = {};
    for (const k of kinds) {
      targets[k] = outputPathFor(file, k, {
        outputFolder: options.settings.outputFolder,
        namePattern: k === 'md' ? options.settings.outputNamePattern : options.settings.subtitleNamePattern,
        workspaceFolder: options.workspaceFolderOf(file),
        now: options.now,
      });
    }
    const paths = Object.values(targets).map((p) => path.resolve(p));
    let choice: ConflictChoice;
    if (paths.some((p) => claimed.has(p))) choice = 'keep-both';
    else choice = await decide(file, paths);
    if (choice === 'skip') continue;
    for (const p of paths) claimed.add(p);
    plan.push({ media: file, targets, choice });
  }
  return plan;
}

/** The CLI names outputs after the media's base name: files sharing one go to separate runs. */
export function splitIntoRuns<T extends { media: string }>(items: readonly T[]): T[][] {
  const runs: { names: Set<string>; items: T[] }[] = [];
  for (const item of items) {
    const base = path.basename(item.media, path.extname(item.media)).toLowerCase();
    let run = runs.find((r) => !r.names.has(base));
    if (!run) {
      run = { names: new Set(), items: [] };
      runs.push(run);
    }
    run.names.add(base);
    run.items.push(item);
  }
  return runs.map((r) => r.items);
}
