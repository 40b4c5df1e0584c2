/**
 * Pieces shared by the one-shot run, the batch runner and the queue worker: output names,
 * the progress mode, the device `auto` turns into, log levels, and writing a file's outputs.
 */
import path from 'node:path';
import {
  resolveDevice,
  writeTranscript,
  type OnnxDevice,
  type OutputFormat,
  type TranscriptResult,
} from '@whisperx-ts/core';
import type { CliFlags, LogLevel } from './flags.js';
import type { ProgressMode } from './progress-display.js';

export function outputFormats(flags: CliFlags): OutputFormat[] | 'all' {
  return flags.output_format === 'all' ? 'all' : [flags.output_format];
}

/** The file name without its extension: outputs are `<baseName>.<format>`. */
export function baseName(file: string): string {
  const name = path.basename(file);
  const ext = path.extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

export function progressMode(flags: CliFlags, stderr: NodeJS.WritableStream): ProgressMode {
  if (flags.progress) return flags.progress;
  if (flags.print_progress) return 'lines';
  return (stderr as { isTTY?: boolean }).isTTY ? 'bar' : 'none';
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };

/**
 * WhisperX's --log-level over this CLI's messages: debug = --verbose (segments, stacks), info =
 * the default (written files, done lines, warnings), warning = warnings only, error and critical
 * = errors only. Progress displays are separate (--progress).
 */
export interface LogFilter {
  info: boolean;
  warning: boolean;
}

export function logFilter(flags: CliFlags): LogFilter {
  const rank = LEVEL_RANK[flags.logLevel ?? 'info'];
  return { info: rank <= LEVEL_RANK.info, warning: rank <= LEVEL_RANK.warning };
}

/** Hooks for {@link resolveRunDevice}; tests fake the provider list. */
export interface DeviceProbe {
  listProviders?: () => string[];
  probe?: (device: OnnxDevice, index: number) => Promise<void>;
}

/** The concrete device for the run; a fallback from `auto` is reported in one line. */
export async function resolveRunDevice(
  flags: CliFlags,
  note: (line: string) => void,
  probe: DeviceProbe = {},
): Promise<string> {
  const resolved = await resolveDevice(flags.device as OnnxDevice, { deviceIndex: flags.device_index, ...probe });
  if (resolved.note) note(`warning: ${resolved.note}`);
  return resolved.device;
}

/** Write one file's outputs (atomically, each format) into `outputDir`. */
export async function writeOutputs(
  flags: CliFlags,
  file: string,
  outputDir: string,
  result: TranscriptResult,
  duration: number | undefined,
  signal?: AbortSignal,
): Promise<string[]> {
  return writeTranscript(result, {
    outputDir,
    baseName: baseName(file),
    formats: outputFormats(flags),
    maxLineWidth: flags.max_line_width ?? null,
    maxLineCount: flags.max_line_count ?? null,
    highlightWords: flags.highlight_words,
    mdWordTimestamps: flags.md_word_timestamps,
    metadata: { file: path.basename(file), duration, model: flags.model, language: result.language },
    signal,
  });
}
