/**
 * Settings -> the whisperx CLI's argument array, and the child's environment. The Hugging Face
 * token travels only in the HF_TOKEN environment variable, never in arguments (which other
 * users can read in the process list) nor in settings.json.
 */
import type { WhisperxSettings } from './settings.js';

/** What one CLI run writes: Markdown, one subtitle format, or every format (for srt + vtt). */
export type CliOutputFormat = 'md' | 'srt' | 'vtt' | 'all';

export interface CliRunRequest {
  /** Media files (absolute paths). */
  files: readonly string[];
  /** The temporary folder the CLI writes into. */
  outputDir: string;
  format: CliOutputFormat;
}

/** Argument array for `whisperx` (after the script path). */
export function buildCliArgs(request: CliRunRequest, s: WhisperxSettings): string[] {
  const args = [
    ...request.files,
    '--model',
    s.model,
    '--output_dir',
    request.outputDir,
    '--output_format',
    request.format,
    '--progress',
    'jsonl',
    '--backend',
    s.backend,
    '--compute_type',
    s.computeType,
    '--batch_size',
    String(s.batchSize),
  ];
  if (s.language !== '') args.push('--language', s.language);
  if (!s.align) args.push('--no_align');
  if (s.diarize) {
    args.push('--diarize');
    if (s.minSpeakers !== undefined) args.push('--min_speakers', String(s.minSpeakers));
    if (s.maxSpeakers !== undefined) args.push('--max_speakers', String(s.maxSpeakers));
  }
  if (s.cacheDir !== '') args.push('--model_dir', s.cacheDir);
  if (s.offline) args.push('--model_cache_only', 'True');
  if (s.wordTimestamps && s.align) {
    // Subtitles: underline each word as it is spoken; Markdown: each word's start time.
    if (request.format === 'md') args.push('--md_word_timestamps', 'True');
    else args.push('--highlight_words', 'True');
  }
  // A file name starting with '-' must not be read as a flag: the CLI gets absolute paths only.
  for (const f of request.files) {
    if (!f.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(f) && !f.startsWith('\\\\')) {
      throw new Error(`Internal error: media path "${f}" is not absolute.`);
    }
  }
  return args;
}

/**
 * The child's environment: the editor's, plus HF_TOKEN when a token is stored (it then
 * replaces an inherited one), HF_HUB_OFFLINE=1 in offline mode, and no NODE_OPTIONS (the
 * editor's debugging flags must not leak into the worker).
 */
export function childEnv(base: NodeJS.ProcessEnv, token: string | undefined, s: WhisperxSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  delete env.NODE_OPTIONS;
  if (token) env.HF_TOKEN = token;
  if (s.offline) env.HF_HUB_OFFLINE = '1';
  return env;
}
