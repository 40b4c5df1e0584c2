/**
 * Is a path an audio or video file the whisperx CLI can decode? Decided by extension (the
 * containers ffmpeg and the WASM decoder read) and by a stat of the file itself.
 */
import { stat } from "node:fs/promises";
import { extname } from "node:path";

/** Audio and video extensions accepted (lower case, without the dot). */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  // audio
  "wav",
  "mp3",
  "m4a",
  "aac",
  "flac",
  "ogg",
  "oga",
  "opus",
  "wma",
  "aiff",
  "aif",
  "caf",
  "amr",
  "weba",
  // video
  "mp4",
  "m4v",
  "mov",
  "mkv",
  "webm",
  "avi",
  "wmv",
  "flv",
  "mpg",
  "mpeg",
  "3gp",
  "ts",
  "mts",
]);

/** True when the path's extension names an audio or video container. */
export function hasMediaExtension(path: string): boolean {
  return MEDIA_EXTENSIONS.has(extname(path).slice(1).toLowerCase());
}

/** Why a path is not usable as media (see failures.ts for the words shown to a person). */
export type MediaProblem = "missing" | "not-a-file" | "not-media";

/** Checks a path: it must exist, be a regular file (or a link to one) and have a media extension. */
export async function checkMediaFile(path: string): Promise<MediaProblem | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return "missing";
  }
  if (!info.isFile()) return "not-a-file";
  if (!hasMediaExtension(path)) return "not-media";
  return undefined;
}
