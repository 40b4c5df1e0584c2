/**
 * The one-line errors a person sees when a media file cannot be decoded, each naming the file,
 * the reason and the fix, plus the translation of ffmpeg's stderr and of WASM decoder errors
 * into those reasons.
 */
import { WhisperxError } from '../errors.js';
import { looksLikeText, sniffMediaKind } from './media-kinds.js';

/** Why a file could not be decoded. */
export type DecodeFailure =
  'missing' | 'directory' | 'unreadable' | 'empty' | 'not-media' | 'no-audio' | 'corrupt' | 'unsupported';

/** A file name as it appears in a message: quoted, with newlines and quotes escaped (one line). */
export function quoteName(label: string): string {
  return JSON.stringify(label);
}

/** Squeeze a decoder's detail into a short single line without addresses or the file name. */
export function cleanDetail(detail: string, label?: string): string {
  let text = detail.replace(/\[[^\]]*@ 0x[0-9a-f]+\]\s*/gi, '');
  if (label) text = text.split(`file:${label}`).join('input').split(label).join('input');
  text = text.replace(/\s+/g, ' ').trim().replace(/[.:]$/, '');
  return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

/** The WhisperxError('input') for a failure, with the fix spelled out. */
export function decodeError(label: string, failure: DecodeFailure, detail?: string, cause?: unknown): WhisperxError {
  const name = quoteName(label);
  const why = detail ? ` (${cleanDetail(detail, label)})` : '';
  const messages: Record<DecodeFailure, string> = {
    missing: `Cannot read ${name}: no such file. Check the path.`,
    directory: `Cannot read ${name}: it is a directory, not a media file. Pass an audio or video file.`,
    unreadable: `Cannot read ${name}${why}. Check the file's permissions.`,
    empty: `Cannot decode ${name}: the file is empty (0 bytes). Re-export or re-download it.`,
    'not-media': `Cannot decode ${name}: not an audio or video file${why}. Pass a media file (wav, mp3, m4a, flac, ogg, opus, webm, mp4, mov, mkv, ...).`,
    'no-audio': `Cannot decode ${name}: it has no audio stream (video only). Pick a file with an audio track.`,
    corrupt: `Cannot decode ${name}: the file is corrupt or truncated${why}. Re-export or re-download it.`,
    unsupported: `Cannot decode ${name} without ffmpeg${why}. Install ffmpeg (or set FFMPEG_PATH) to decode this format.`,
  };
  return new WhisperxError('input', messages[failure], cause === undefined ? {} : { cause });
}

/** Classify a file that no decoder could open, from its first bytes: garbage vs damaged media. */
export function unreadableContentFailure(head: Uint8Array): { failure: DecodeFailure; detail?: string } {
  if (head.length === 0) return { failure: 'empty' };
  const kind = sniffMediaKind(head);
  if (kind === 'text' || looksLikeText(head)) return { failure: 'not-media', detail: 'it looks like text' };
  if (kind === 'unknown') return { failure: 'not-media', detail: 'unknown format' };
  return { failure: 'corrupt', detail: `${kind} header cannot be parsed` };
}

/** The last lines of ffmpeg's stderr that say something (ffmpeg prints the cause last). */
function ffmpegErrorLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^(Input|Output) #|^Stream #|^Duration:|^Metadata:|^Press \[q\]/.test(l));
}

/**
 * Translate a failed ffmpeg run (non-zero exit) into a decode error. `head` is the first bytes of
 * the input file, used to tell a damaged media file from something that is not media at all;
 * `inputUrl` is the name ffmpeg was given (removed from the detail, which names the file already).
 */
export function translateFfmpegFailure(
  label: string,
  inputUrl: string,
  stderr: string,
  head: Uint8Array,
  code: number | null,
): WhisperxError {
  const text = stderr.split(inputUrl).join('input');
  const lines = ffmpegErrorLines(text);
  const last = lines[lines.length - 1] ?? `ffmpeg exited with code ${code}`;
  if (/No such file or directory/i.test(text)) return decodeError(label, 'missing');
  if (/Is a directory/i.test(text)) return decodeError(label, 'directory');
  if (/Permission denied/i.test(text)) return decodeError(label, 'unreadable', 'permission denied');
  if (/does not contain any stream|matches no streams|Output file .* does not contain/i.test(text)) {
    return decodeError(label, 'no-audio');
  }
  if (head.length === 0) return decodeError(label, 'empty');
  if (/moov atom not found|Truncat|End of file|partial file|premature/i.test(text)) {
    return decodeError(
      label,
      'corrupt',
      lines.find((l) => /moov|trunc|end of file|partial|premature/i.test(l)),
    );
  }
  const sniffed = unreadableContentFailure(head);
  if (sniffed.failure === 'corrupt') return decodeError(label, 'corrupt', lines[0] ?? last);
  if (/Invalid data found|Invalid argument|could not find codec|Failed to read frame|not supported/i.test(text)) {
    return decodeError(label, 'not-media', sniffed.detail);
  }
  return decodeError(label, 'corrupt', last);
}
