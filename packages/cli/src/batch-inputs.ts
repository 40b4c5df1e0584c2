/**
 * `--batch LIST`: the inputs of a batch. LIST is a text file with one media path per line
 * (blank lines and lines starting with # are skipped; relative paths are relative to the list's
 * folder), or a folder whose media files are taken (subfolders too with --recursive), in name
 * order. Outputs mirror each input's folder below the batch root inside --output_dir, so
 * `a/talk.mp3` and `b/talk.mp3` of one folder do not write the same names.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMediaPath, WhisperxError } from '@whisperx-ts/core';

export interface BatchInput {
  /** The media file (absolute for list and folder entries; as given for command-line files). */
  file: string;
  /** Where its outputs go. */
  outputDir: string;
}

export interface BatchSource {
  files: string[];
  /** The folder that outputs mirror: the batch folder, or the list file's folder. */
  root: string;
}

async function walk(dir: string, recursive: boolean, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) await walk(full, recursive, out);
    } else if (isMediaPath(entry.name)) out.push(full);
  }
}

/** Read a batch list or folder. A missing or empty source is a usage error. */
export async function readBatchSource(source: string, options: { recursive: boolean }): Promise<BatchSource> {
  const info = await stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new WhisperxError(
      'usage',
      `--batch ${source}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}. Give a list file (one path per line) or a folder.`,
      { cause: error },
    );
  });
  const absolute = path.resolve(source);
  if (info.isDirectory()) {
    const files: string[] = [];
    await walk(absolute, options.recursive, files);
    if (files.length === 0) {
      const hint = options.recursive ? '' : ' (add --recursive to include subfolders)';
      throw new WhisperxError('usage', `--batch ${source}: the folder holds no media files${hint}.`);
    }
    return { files, root: absolute };
  }
  const root = path.dirname(absolute);
  const files = (await readFile(absolute, 'utf8'))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => path.resolve(root, line));
  if (files.length === 0) throw new WhisperxError('usage', `--batch ${source}: the list names no files.`);
  return { files: [...new Set(files)], root };
}

/** The output folder of `file`: its folder below `root`, inside `outputDir`; flat when outside the root. */
export function batchOutputDir(file: string, outputDir: string, root?: string): string {
  if (root === undefined) return outputDir;
  const relative = path.relative(root, path.dirname(path.resolve(file)));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return outputDir;
  return path.join(outputDir, relative);
}
