/**
 * Writes a transcript next to its media file (`talk.mov` -> `talk.srt`), atomically (a temp
 * file renamed into place), and never over an existing file without asking.
 */
import { lstat, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { SaveFormat } from "./settings.js";

export interface SaveOptions {
  /** The media file the transcript belongs to. */
  mediaPath: string;
  format: SaveFormat;
  /** The transcript text in that format. */
  content: string;
  /** Asked when the target exists; false keeps the existing file. */
  confirmOverwrite: (target: string) => Promise<boolean>;
}

export type SaveOutcome = { saved: true; path: string } | { saved: false; path: string };

/** `/a/talk.mov` + "srt" -> `/a/talk.srt`. */
export function targetPathFor(mediaPath: string, format: SaveFormat): string {
  const stem = basename(mediaPath, extname(mediaPath));
  return join(dirname(mediaPath), `${stem}.${format}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes `content` to `path` through a temp file in the same folder. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(temp, content, { encoding: "utf8", flag: "wx" });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function saveNextToMedia(options: SaveOptions): Promise<SaveOutcome> {
  const path = targetPathFor(options.mediaPath, options.format);
  if ((await exists(path)) && !(await options.confirmOverwrite(path))) return { saved: false, path };
  await writeAtomically(path, options.content);
  return { saved: true, path };
}
