/** One entry point from a format name to the file text. */
import { WhisperxError } from '../errors.js';
import type { TranscriptMetadata, TranscriptResult } from '../transcript.js';
import { formatJson } from './json-writer.js';
import { formatMarkdown } from './markdown-writer.js';
import { formatAudacity, formatTsv, formatTxt } from './plain-writers.js';
import { formatSrt, formatVtt } from './subtitle-writers.js';
import { resolveWriterOptions, type WriterOptions } from './writer-options.js';

export type OutputFormat = 'txt' | 'srt' | 'vtt' | 'tsv' | 'json' | 'aud' | 'md';

/** Every format, in the order they are written. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['txt', 'vtt', 'srt', 'tsv', 'json', 'aud', 'md'];

/** What `all` means: WhisperX's five formats plus the Markdown transcript (aud is asked for by name, as in WhisperX). */
export const ALL_FORMATS: readonly OutputFormat[] = ['txt', 'vtt', 'srt', 'tsv', 'json', 'md'];

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export interface FormatTranscriptOptions extends WriterOptions {
  /** Facts for the md header; other formats ignore it. Default: none. */
  metadata?: TranscriptMetadata;
}

/** The text of `result` in `format` (pure; throws WhisperxError 'usage' on bad options). */
export function formatTranscript(
  format: OutputFormat,
  result: TranscriptResult,
  options: FormatTranscriptOptions = {},
): string {
  const resolved = resolveWriterOptions(options);
  switch (format) {
    case 'txt':
      return formatTxt(result);
    case 'srt':
      return formatSrt(result, resolved);
    case 'vtt':
      return formatVtt(result, resolved);
    case 'tsv':
      return formatTsv(result);
    case 'json':
      return formatJson(result);
    case 'aud':
      return formatAudacity(result);
    case 'md':
      return formatMarkdown(result, resolved, options.metadata);
    default:
      throw new WhisperxError(
        'usage',
        `Unknown output format "${String(format)}": use one of ${OUTPUT_FORMATS.join(', ')} or all.`,
      );
  }
}
