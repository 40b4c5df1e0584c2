/**
 * `whisperx --batch LIST [--resume]`: many files on one machine, resumable. Files are taken in
 * groups; each group runs stage-major (all ASR, then alignment, then diarization) like a plain
 * run, and every file's outputs and record are written as soon as its last stage is done, so a
 * run killed at any point (SIGKILL too) loses at most the files in flight. With --resume, files
 * whose record matches are skipped. A file that fails is reported and left out; the batch goes
 * on, and the run ends with a summary and exit code 1 when any file failed.
 */
import path from 'node:path';
import {
  checkMediaFile,
  probeDuration,
  transcribeFiles,
  WhisperxError,
  type ProgressEvent,
  type WhisperxErrorKind,
} from '@whisperx-ts/core';
import { batchOutputDir, readBatchSource, type BatchInput } from './batch-inputs.js';
import { outputOptionsKey, staleReason, writeRecord } from './batch-record.js';
import type { CliFlags } from './flags.js';
import { prepareOutputDir } from './output-dir.js';
import { pipelineOptionsFromFlags } from './pipeline-options.js';
import { createProgressDisplay } from './progress-display.js';
import type { CliBatchEvent } from './protocol.js';
import { baseName, logFilter, progressMode, resolveRunDevice, writeOutputs } from './run-helpers.js';
import type { RunContext } from './run.js';

/** Files per stage-major group: models load once per group; outputs land group by group. */
export const BATCH_GROUP_FILES = 16;

/** Errors that stop the whole batch (every later file would fail the same way). */
const FATAL_KINDS = new Set<WhisperxErrorKind>(['usage', 'model', 'output', 'network', 'aborted', 'unavailable']);

interface Failure {
  file: string;
  message: string;
}

/**
 * The batch's inputs: command-line files (flat in -o) and the list's or folder's (mirrored), or
 * each next to its input with `nextToInput` (enqueue without -o). Output name clashes are refused.
 */
export async function batchInputs(
  files: readonly string[],
  flags: CliFlags,
  options: { nextToInput?: boolean } = {},
): Promise<BatchInput[]> {
  const inputs: BatchInput[] = files.map((file) => ({ file, outputDir: flags.output_dir }));
  if (flags.batch !== undefined) {
    const source = await readBatchSource(flags.batch, { recursive: flags.recursive });
    for (const file of source.files) {
      inputs.push({ file, outputDir: batchOutputDir(file, flags.output_dir, source.root) });
    }
  }
  if (options.nextToInput) for (const input of inputs) input.outputDir = path.dirname(path.resolve(input.file));
  const seen = new Set<string>();
  const unique = inputs.filter((i) => !seen.has(path.resolve(i.file)) && seen.add(path.resolve(i.file)));
  const names = new Map<string, string>();
  for (const input of unique) {
    const key = path.resolve(input.outputDir, baseName(input.file));
    const earlier = names.get(key);
    if (earlier !== undefined) {
      throw new WhisperxError(
        'usage',
        `${earlier} and ${input.file} would both write ${key}.*, the second over the first. Rename one, or list them in separate batches with different --output_dir.`,
      );
    }
    names.set(key, input.file);
  }
  return unique;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

class BatchTally {
  done = 0;
  skipped = 0;
  readonly failures: Failure[] = [];
  audioDone = 0;
  private readonly started = performance.now();

  constructor(
    readonly total: number,
    readonly audioTotal: number,
    private readonly pending: number,
  ) {}

  /** Seconds left: by audio when lengths are known, else by files. */
  eta(): number | undefined {
    const elapsed = (performance.now() - this.started) / 1000;
    if (this.audioTotal > 0 && this.audioDone > 0)
      return (elapsed * (this.audioTotal - this.audioDone)) / this.audioDone;
    const finished = this.done + this.failures.length;
    return finished > 0 ? (elapsed * (this.pending - finished)) / finished : undefined;
  }

  event(failed?: Failure): CliBatchEvent {
    const e: CliBatchEvent = {
      type: 'batch',
      filesDone: this.done,
      filesFailed: this.failures.length,
      filesSkipped: this.skipped,
      filesTotal: this.total,
      audioSecondsDone: this.audioDone,
      audioSecondsTotal: this.audioTotal,
    };
    const eta = this.eta();
    if (eta !== undefined && Number.isFinite(eta)) e.etaSeconds = eta;
    if (failed) e.failed = failed;
    return e;
  }
}

export async function runBatch(files: readonly string[], flags: CliFlags, ctx: RunContext): Promise<void> {
  const inputs = await batchInputs(files, flags);
  for (const dir of new Set(inputs.map((i) => i.outputDir))) await prepareOutputDir(dir);
  const mode = progressMode(flags, ctx.stderr);
  const display = createProgressDisplay(mode, ctx.stderr);
  const logs = logFilter(flags);
  const warn = (line: string) => (logs.warning ? display.log(line) : undefined);
  const info = (line: string) => (logs.info ? display.log(line) : undefined);
  try {
    const device = await resolveRunDevice(flags, warn);
    const options = pipelineOptionsFromFlags({ ...flags, device });
    const key = outputOptionsKey(flags);

    const pending: BatchInput[] = [];
    const early: Failure[] = [];
    let skipped = 0;
    for (const input of inputs) {
      if (flags.resume && (await staleReason(input.file, input.outputDir, flags, key)) === undefined) {
        skipped++;
        continue;
      }
      try {
        await checkMediaFile(input.file);
        pending.push(input);
      } catch (error) {
        early.push({ file: input.file, message: messageOf(error) });
      }
    }
    const durations = new Map<string, number>();
    for (const input of pending) {
      const seconds = await probeDuration(input.file, { signal: ctx.signal }).catch(() => undefined);
      if (seconds !== undefined) durations.set(input.file, seconds);
    }
    const audioTotal = [...durations.values()].reduce((a, b) => a + b, 0);
    const tally = new BatchTally(inputs.length, audioTotal, pending.length + early.length);
    tally.skipped = skipped;
    if (skipped > 0) info(`--resume: ${skipped} of ${inputs.length} files are up to date`);
    for (const failure of early) {
      tally.failures.push(failure);
      display.event(tally.event(failure));
    }

    for (let g = 0; g < pending.length; g += BATCH_GROUP_FILES) {
      await runGroup(pending.slice(g, g + BATCH_GROUP_FILES), g);
    }

    info(
      `batch: ${tally.done} transcribed, ${tally.skipped} up to date, ${tally.failures.length} failed, of ${tally.total} files`,
    );
    if (tally.failures.length > 0) {
      if (mode !== 'jsonl') for (const f of tally.failures) display.log(`✗ ${f.file}: ${f.message}`);
      throw new WhisperxError(
        'runtime',
        `${tally.failures.length} of ${tally.total} files failed (${tally.failures.map((f) => path.basename(f.file)).join(', ')}); the others are done. Fix or remove them and run again with --resume.`,
      );
    }

    /** One stage-major group; a file that fails is dropped and the rest of the group runs again. */
    async function runGroup(group: BatchInput[], offset: number): Promise<void> {
      const finished = new Set<string>();
      let remaining = group;
      while (remaining.length > 0) {
        const byFile = new Map(remaining.map((i) => [i.file, i]));
        const before = offset + (group.length - remaining.length);
        const count = remaining.length;
        let current: string | undefined;
        try {
          await transcribeFiles(
            remaining.map((i) => i.file),
            options,
            {
              signal: ctx.signal,
              onProgress: (e) => {
                current = e.file;
                display.update(batchProgress(e, before, count));
              },
              onLog: warn,
              onSegment: (file, s) => {
                display.event({ type: 'segment', file, start: s.start, end: s.end, text: s.text });
                if (flags.verbose) display.log(`[${s.start.toFixed(3)} --> ${s.end.toFixed(3)}] ${s.text.trim()}`);
              },
              onFileDone: async (done) => {
                const input = byFile.get(done.file)!;
                const written = await writeOutputs(
                  flags,
                  done.file,
                  input.outputDir,
                  done.result,
                  done.duration,
                  ctx.signal,
                );
                await writeRecord(done.file, input.outputDir, key, written, done.duration);
                finished.add(done.file);
                tally.done++;
                tally.audioDone += durations.get(done.file) ?? done.duration;
                display.event({
                  type: 'file-done',
                  file: done.file,
                  outputs: written,
                  language: done.result.language,
                  duration: done.duration,
                });
                if (flags.verbose || flags.print_progress) for (const w of written) info(`wrote ${w}`);
                display.event(tally.event());
              },
            },
          );
          remaining = [];
        } catch (error) {
          const kind = (error as { kind?: WhisperxErrorKind }).kind;
          if (ctx.signal.aborted || (kind !== undefined && FATAL_KINDS.has(kind))) throw error;
          const culprit = current !== undefined && !finished.has(current) ? current : undefined;
          if (culprit === undefined) throw error;
          const failure = { file: culprit, message: messageOf(error) };
          tally.failures.push(failure);
          display.event(tally.event(failure));
          remaining = remaining.filter((i) => !finished.has(i.file) && i.file !== culprit);
        }
      }
    }

    /** A group's progress event on the batch's scale (files before it count as done). */
    function batchProgress(e: ProgressEvent, filesBefore: number, groupFiles: number): ProgressEvent {
      const total = Math.max(1, pending.length);
      const index = pending.findIndex((i) => i.file === e.file);
      return {
        ...e,
        progress: Math.min(1, (filesBefore + e.progress * groupFiles) / total),
        fileIndex: index >= 0 ? index : e.fileIndex,
        fileCount: pending.length,
        etaSeconds: tally.eta(),
      };
    }
  } finally {
    display.stop();
  }
}
