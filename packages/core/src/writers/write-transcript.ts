/** Write a transcript as `<outputDir>/<baseName>.<format>` files, each written atomically. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import type { TranscriptResult } from '../transcript.js';
import { writeFileAtomic, describeFsError, type AtomicWriteFs } from './atomic-write.js';
import {
  ALL_FORMATS,
  formatTranscript,
  isOutputFormat,
  type FormatTranscriptOptions,
  type OutputFormat,
} from './format-transcript.js';

export interface WriteTranscriptOptions extends FormatTranscriptOptions {
  /** Folder for the files; created (with parents) when missing, as WhisperX does. */
  outputDir: string;
  /** File name without extension, e.g. the media file's name without its extension. */
  baseName: string;
  /** Formats to write; 'all' = WhisperX's all: txt, vtt, srt, tsv, json. */
  formats: readonly OutputFormat[] | 'all';
}

function checkFormats(formats: readonly string[] | 'all'): OutputFormat[] {
  const list = formats === 'all' ? [...ALL_FORMATS] : [...new Set(formats)];
  for (const format of list) {
    if (!isOutputFormat(format)) {
      throw new WhisperxError(
        'usage',
        `Unknown output format "${format}": use txt, srt, vtt, tsv, json, aud, md or all.`,
      );
    }
  }
  return list as OutputFormat[];
}

function checkBaseName(baseName: string): void {
  if (baseName === '' || baseName === '.' || baseName === '..' || /[\\/\0]/.test(baseName)) {
    throw new WhisperxError(
      'usage',
      `Output base name "${baseName}" is not a plain file name: pass a name without folders.`,
    );
  }
}

/**
 * Format every requested format first (a bad option writes nothing), create the folder, then
 * write the files one by one. Returns the written paths, in the order of `formats`.
 * @param fs injectable file-system calls for the atomic writes (tests).
 */
export async function writeTranscript(
  result: TranscriptResult,
  options: WriteTranscriptOptions,
  fs?: AtomicWriteFs,
): Promise<string[]> {
  const formats = checkFormats(options.formats);
  checkBaseName(options.baseName);
  const texts = formats.map((format) => [format, formatTranscript(format, result, options)] as const);
  try {
    await mkdir(options.outputDir, { recursive: true });
  } catch (error) {
    throw new WhisperxError('output', describeFsError(error, path.join(options.outputDir, `${options.baseName}.*`)), {
      cause: error,
    });
  }
  const written: string[] = [];
  for (const [format, text] of texts) {
    const target = path.join(options.outputDir, `${options.baseName}.${format}`);
    await writeFileAtomic(target, text, fs);
    written.push(target);
  }
  return written;
}
