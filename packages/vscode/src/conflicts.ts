/**
 * Existing outputs are never overwritten without asking: for each media file whose target
 * exists, a modal asks Overwrite / Keep both / Cancel (Cancel skips that file).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exists } from './place-output.js';

/** What to do with one media file's outputs. */
export type ConflictChoice = 'write' | 'overwrite' | 'keep-both' | 'skip';

export const OVERWRITE = 'Overwrite';
export const KEEP_BOTH = 'Keep Both';

/** Ask about existing targets; `existing` are the targets (of one media file) found on disk. */
export async function askAboutExisting(mediaPath: string, existing: readonly string[]): Promise<ConflictChoice> {
  const names = existing.map((t) => `"${path.basename(t)}"`).join(' and ');
  const answer = await vscode.window.showWarningMessage(
    `${names} ${existing.length > 1 ? 'already exist' : 'already exists'}. Replace ${existing.length > 1 ? 'them' : 'it'}?`,
    {
      modal: true,
      detail: `Transcribing "${path.basename(mediaPath)}". Keep Both writes the new transcript under a numbered name; Cancel skips this file.`,
    },
    OVERWRITE,
    KEEP_BOTH,
  );
  if (answer === OVERWRITE) return 'overwrite';
  if (answer === KEEP_BOTH) return 'keep-both';
  return 'skip';
}

/** Decide for one media file: 'write' when none of its targets exists, else ask. */
export async function decideConflict(
  mediaPath: string,
  targets: readonly string[],
  fileExists: (file: string) => Promise<boolean> = exists,
): Promise<ConflictChoice> {
  const existing: string[] = [];
  for (const t of targets) if (await fileExists(t)) existing.push(t);
  if (existing.length === 0) return 'write';
  return askAboutExisting(mediaPath, existing);
}
