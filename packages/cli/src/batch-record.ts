/**
 * The record a batch leaves beside each file's outputs (`<name>.whisperx-record.json`), which
 * `--resume` reads: a file is done when the record matches the input (size and modification
 * time) and the options that shape the output, and every requested output exists. Written
 * atomically after the outputs, so a run killed at any point leaves either no record or a true one.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ALL_FORMATS, writeFileAtomic, type OutputFormat } from '@whisperx-ts/core';
import type { CliFlags } from './flags.js';
import { baseName, outputFormats } from './run-helpers.js';

export const RECORD_SUFFIX = '.whisperx-record.json';
const RECORD_VERSION = 1;

export interface BatchRecord {
  version: number;
  /** The input's absolute path, size in bytes and modification time (ms). */
  input: string;
  size: number;
  mtimeMs: number;
  /** {@link outputOptionsKey} of the run that wrote the outputs. */
  options: string;
  /** Output file names (in the same folder). */
  outputs: string[];
  /** Seconds of audio. */
  duration: number;
  finishedAt: string;
}

/**
 * The flags that change what is written, as a short hash. Left out: where and how fast the work
 * runs (device, threads, batch size, backend: same tokens by design), what is shown (progress,
 * verbosity, log level), where models and outputs live, the token, and the output formats
 * (a missing format is caught by its missing file instead, so adding one redoes only the files
 * that lack it).
 */
export function outputOptionsKey(flags: CliFlags): string {
  const shaping = {
    model: flags.model,
    compute_type: flags.compute_type,
    fp16: flags.fp16,
    task: flags.task,
    language: flags.language ?? null,
    align_model: flags.align_model ?? null,
    interpolate_method: flags.interpolate_method,
    no_align: flags.no_align,
    return_char_alignments: flags.return_char_alignments,
    vad_method: flags.vad_method,
    vad_onset: flags.vad_onset,
    vad_offset: flags.vad_offset,
    chunk_size: flags.chunk_size,
    diarize: flags.diarize,
    min_speakers: flags.min_speakers ?? null,
    max_speakers: flags.max_speakers ?? null,
    diarize_model: flags.diarize ? flags.diarize_model : null,
    speaker_embedding_model: flags.diarize ? (flags.speaker_embedding_model ?? null) : null,
    speaker_embeddings: flags.speaker_embeddings,
    temperature: flags.temperature,
    temperature_increment_on_fallback: flags.temperature_increment_on_fallback ?? null,
    best_of: flags.best_of,
    beam_size: flags.beam_size,
    patience: flags.patience,
    length_penalty: flags.length_penalty,
    suppress_tokens: flags.suppress_tokens,
    suppress_numerals: flags.suppress_numerals,
    initial_prompt: flags.initial_prompt ?? null,
    hotwords: flags.hotwords ?? null,
    condition_on_previous_text: flags.condition_on_previous_text,
    compression_ratio_threshold: flags.compression_ratio_threshold,
    logprob_threshold: flags.logprob_threshold,
    no_speech_threshold: flags.no_speech_threshold,
    max_new_tokens: flags.max_new_tokens ?? null,
    // only when given, so records of unseeded runs keep the hash they had before --seed existed
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    max_line_width: flags.max_line_width ?? null,
    max_line_count: flags.max_line_count ?? null,
    highlight_words: flags.highlight_words,
    md_word_timestamps: flags.md_word_timestamps,
    segment_resolution: flags.segment_resolution,
  };
  return createHash('sha256').update(JSON.stringify(shaping)).digest('hex').slice(0, 16);
}

export function recordPath(file: string, outputDir: string): string {
  return path.join(outputDir, `${baseName(file)}${RECORD_SUFFIX}`);
}

/** Output file names the flags ask for. */
export function requestedOutputs(file: string, flags: CliFlags): string[] {
  const formats = outputFormats(flags);
  const list: readonly OutputFormat[] = formats === 'all' ? ALL_FORMATS : formats;
  return list.map((f) => `${baseName(file)}.${f}`);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Why `file` must be (re)done, or undefined when its outputs are up to date. */
export async function staleReason(
  file: string,
  outputDir: string,
  flags: CliFlags,
  key: string,
): Promise<string | undefined> {
  let record: BatchRecord;
  try {
    record = JSON.parse(await readFile(recordPath(file, outputDir), 'utf8')) as BatchRecord;
  } catch {
    return 'no record';
  }
  if (record.version !== RECORD_VERSION) return 'record from another version';
  const input = await stat(file).catch(() => undefined);
  if (!input) return 'input missing';
  if (record.size !== input.size || Math.abs(record.mtimeMs - input.mtimeMs) > 1) return 'input changed';
  if (record.options !== key) return 'options changed';
  for (const name of requestedOutputs(file, flags)) {
    if (!record.outputs.includes(name) || !(await exists(path.join(outputDir, name)))) return `${name} missing`;
  }
  return undefined;
}

/** Write the record for a finished file (after its outputs). */
export async function writeRecord(
  file: string,
  outputDir: string,
  key: string,
  written: readonly string[],
  duration: number,
): Promise<void> {
  const input = await stat(file);
  const record: BatchRecord = {
    version: RECORD_VERSION,
    input: path.resolve(file),
    size: input.size,
    mtimeMs: input.mtimeMs,
    options: key,
    outputs: written.map((w) => path.basename(w)),
    duration,
    finishedAt: new Date().toISOString(),
  };
  await writeFileAtomic(recordPath(file, outputDir), `${JSON.stringify(record, null, 2)}\n`);
}
