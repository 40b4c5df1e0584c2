/**
 * The work behind `whisperx FILE...`: turn flags into pipeline options, run the stage-major
 * pipeline over all files, and write each file's outputs as soon as its last stage is done.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WhisperxError, checkMediaFile, transcribeFiles, type PipelineOptions } from '@whisperx-ts/core';
import { runBatch } from './batch-run.js';
import type { CliFlags } from './flags.js';
import { createProgressDisplay } from './progress-display.js';
import { pipelineOptionsFromFlags } from './pipeline-options.js';
import { prepareOutputDir } from './output-dir.js';
import { baseName, logFilter, progressMode, resolveRunDevice, writeOutputs } from './run-helpers.js';
import { transcriptFromJson } from './transcript-json.js';

export interface RunContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  signal: AbortSignal;
}

/**
 * Inputs whose outputs would land on the same names (a/talk.mp3 and b/talk.wav both write talk.*):
 * the later would overwrite the earlier, so the run is refused before any work. Names compare
 * case-insensitively where the file system usually does (macOS, Windows).
 */
export function outputNameClashes(files: readonly string[], platform = process.platform): string[] {
  const fold = platform === 'darwin' || platform === 'win32' ? (n: string) => n.toLowerCase() : (n: string) => n;
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const file of files) {
    const key = fold(baseName(file));
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, file);
    else if (path.resolve(earlier) !== path.resolve(file)) {
      problems.push(
        `${earlier} and ${file} would both write ${baseName(file)}.* in the output folder, the second over the first. ` +
          'Rename one, or transcribe them in separate runs with different --output_dir.',
      );
    }
  }
  return problems;
}

function fmtTime(s: number): string {
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${(s - m * 60).toFixed(3).padStart(6, '0')}`;
}

/** --from_json: inputs are WhisperX-shaped JSON transcripts; write the requested formats. */
async function runFromJson(files: readonly string[], flags: CliFlags, ctx: RunContext): Promise<void> {
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON';
      throw new WhisperxError('input', `${file}: ${reason} (--from_json expects a WhisperX JSON transcript).`, {
        cause,
      });
    }
    const full = transcriptFromJson(file, parsed);
    const lastEnd = full.segments.reduce((m, s) => Math.max(m, Number(s.end) || 0), 0);
    const written = await writeOutputs(flags, file, flags.output_dir, full, lastEnd, ctx.signal);
    for (const w of written) ctx.stderr.write(`wrote ${w}\n`);
  }
}

/** The line a terminal user sees per file: where the outputs went and how fast it was. */
function doneLine(file: string, written: readonly string[], duration: number, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  const first = written[0];
  const where = first
    ? `${path.join(path.dirname(first), path.basename(first, path.extname(first)))}.{${written.map((w) => path.extname(w).slice(1)).join(',')}}`
    : 'nothing written';
  return `✓ ${path.basename(file)} → ${where} (${duration.toFixed(1)} s of audio, ${seconds.toFixed(1)} s so far)`;
}

export async function run(files: readonly string[], flags: CliFlags, ctx: RunContext): Promise<void> {
  const clashes = outputNameClashes(files);
  if (clashes.length > 0) throw new WhisperxError('usage', clashes.join('\n'));
  if (flags.from_json) {
    await prepareOutputDir(flags.output_dir);
    return runFromJson(files, flags, ctx);
  }
  if (flags.batch !== undefined || flags.resume) return runBatch(files, flags, ctx);
  // Fail fast, before any model loads: inputs first (a typo in a file name), then the output folder.
  for (const file of files) await checkMediaFile(file);
  await prepareOutputDir(flags.output_dir);

  const mode = progressMode(flags, ctx.stderr);
  const display = createProgressDisplay(mode, ctx.stderr);
  const logs = logFilter(flags);
  const warn = (line: string) => (logs.warning ? display.log(line) : undefined);
  const started = performance.now();
  try {
    const device = await resolveRunDevice(flags, warn);
    const options: PipelineOptions = pipelineOptionsFromFlags({ ...flags, device });
    await transcribeFiles(files, options, {
      signal: ctx.signal,
      onProgress: (e) => display.update(e),
      onLog: warn,
      onSegment: (file, s) => {
        display.event({ type: 'segment', file, start: s.start, end: s.end, text: s.text });
        if (flags.verbose) display.log(`[${fmtTime(s.start)} --> ${fmtTime(s.end)}] ${s.text.trim()}`);
      },
      onFileDone: async (done) => {
        const written = await writeOutputs(flags, done.file, flags.output_dir, done.result, done.duration, ctx.signal);
        display.event({
          type: 'file-done',
          file: done.file,
          outputs: written,
          language: done.result.language,
          duration: done.duration,
        });
        if (!logs.info) return;
        if (flags.verbose || flags.print_progress) for (const w of written) display.log(`wrote ${w}`);
        else if (mode === 'bar') display.log(doneLine(done.file, written, done.duration, started));
      },
    });
  } finally {
    display.stop();
  }
}
