/** Options shared by the writers, with WhisperX's names, meanings and defaults. */
import { WhisperxError } from '../errors.js';

export interface WriterOptions {
  /**
   * WhisperX --max_line_width: most characters (code points) in a subtitle line before the
   * line breaks. null/undefined (default): lines break only past 1000 characters, and
   * subtitles follow segments. Needs word timings (ignored for segments without words).
   */
  maxLineWidth?: number | null;
  /**
   * WhisperX --max_line_count: most lines in one subtitle. null/undefined (default): one
   * subtitle per segment. Only splits subtitles together with maxLineWidth (WhisperX warns
   * that it has no effect alone: see writerOptionWarnings).
   */
  maxLineCount?: number | null;
  /** WhisperX --highlight_words: underline each word as it is spoken in srt/vtt. Default false. */
  highlightWords?: boolean;
  /** md only: append each word's start time after the word. Default false. */
  mdWordTimestamps?: boolean;
}

/** WriterOptions with defaults applied and values checked. */
export interface ResolvedWriterOptions {
  maxLineWidth: number | null;
  maxLineCount: number | null;
  highlightWords: boolean;
  mdWordTimestamps: boolean;
}

function checkCount(name: string, flag: string, value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1) {
    throw new WhisperxError(
      'usage',
      `${name} (${flag}) must be a whole number of at least 1, got ${String(value)}: pass a positive integer or leave it unset.`,
    );
  }
  return value;
}

/** Apply defaults and validate (WhisperxError 'usage' on a bad value). */
export function resolveWriterOptions(options: WriterOptions = {}): ResolvedWriterOptions {
  return {
    maxLineWidth: checkCount('maxLineWidth', '--max_line_width', options.maxLineWidth),
    maxLineCount: checkCount('maxLineCount', '--max_line_count', options.maxLineCount),
    highlightWords: options.highlightWords ?? false,
    mdWordTimestamps: options.mdWordTimestamps ?? false,
  };
}

/** Warnings WhisperX prints for these options (for the CLI to show); empty when none. */
export function writerOptionWarnings(options: WriterOptions): string[] {
  const warnings: string[] = [];
  if (options.maxLineCount != null && options.maxLineWidth == null) {
    warnings.push('--max_line_count has no effect without --max_line_width.');
  }
  return warnings;
}
