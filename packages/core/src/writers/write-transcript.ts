/**
 * Write a transcript as `<outputDir>/<baseName>.<format>` files, all or nothing: every format is
 * first written to a temporary file beside its target; only when all of them are complete are
 * they renamed over the targets. A failure (disk full, unwritable folder) or a cancellation
 * before the renames leaves the previous outputs untouched and no temporary file behind.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import type { TranscriptResult } from '../transcript.js';
import {
  commitStaged,
  describeFsError,
  discardStaged,
  ensureDir,
  removeStaleTemps,
  stageFile,
  type AtomicWriteFs,
  type StagedFile,
} from './atomic-write.js';
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
  /** Cancels the write while files are being staged (nothing is replaced then). Default: none. */
  signal?: AbortSignal;
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
 * Format every requested format first (a bad option writes nothing), create the folder, stage
 * every file, then rename them all. Temporary files left by killed runs for these targets are
 * removed first. Returns the written paths, in the order of `formats`.
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
    await ensureDir(options.outputDir);
  } catch (error) {
    throw new WhisperxError('output', describeFsError(error, path.join(options.outputDir, `${options.baseName}.*`)), {
      cause: error,
    });
  }
  const targets = texts.map(([format]) => path.join(options.outputDir, `${options.baseName}.${format}`));
  await removeStaleTemps(targets, fs);
  // A folder in a target's place would only fail at its rename, after earlier formats were
  // replaced: refuse before anything is written.
  for (const target of targets) {
    const info = await lstat(target).catch(() => undefined);
    if (info?.isDirectory()) {
      const error = Object.assign(new Error(`${target} is a directory`), { code: 'EISDIR' });
      throw new WhisperxError('output', describeFsError(error, target), { cause: error });
    }
  }
  const staged: StagedFile[] = [];
  try {
    for (let i = 0; i < texts.length; i++) {
      if (options.signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
      staged.push(await stageFile(targets[i], texts[i][1], fs));
    }
    if (options.signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  } catch (error) {
    await discardStaged(staged, fs);
    throw error;
  }
  for (let i = 0; i < staged.length; i++) {
    try {
      await commitStaged(staged[i], fs);
    } catch (error) {
      await discardStaged(staged.slice(i + 1), fs);
      throw error;
    }
  }
  return targets;
}
