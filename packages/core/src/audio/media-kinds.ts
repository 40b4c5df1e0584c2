/**
 * Which files are media: the extension list the editors and the CLI use to pick files, and a
 * content sniffer (magic bytes) used to word decode errors ("not media" versus "corrupt").
 */
import path from 'node:path';

/** Audio-only extensions (lower case, no dot). */
export const AUDIO_EXTENSIONS = ['wav', 'mp3', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'webm', 'wma'] as const;

/** Video containers whose audio track is transcribed (lower case, no dot). */
export const VIDEO_EXTENSIONS = ['mp4', 'mov', 'mkv', 'avi'] as const;

/** Every extension whisperx-ts treats as media (lower case, no dot). */
export const MEDIA_EXTENSIONS: readonly string[] = [...AUDIO_EXTENSIONS, ...VIDEO_EXTENSIONS];

const MEDIA_SET = new Set(MEDIA_EXTENSIONS);

/** The lower-case extension of a path without the dot ('' when none). */
export function mediaExtension(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

/** True when the path's extension is a media extension (case-insensitive; the file is not read). */
export function isMediaPath(file: string): boolean {
  return MEDIA_SET.has(mediaExtension(file));
}

/** What the first bytes of a file say it is. */
export type SniffedKind =
  'wav' | 'flac' | 'mp3' | 'adts' | 'ogg' | 'isobmff' | 'matroska' | 'asf' | 'avi' | 'aiff' | 'text' | 'unknown';

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let out = '';
  for (let i = start; i < start + length && i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** Identify a container from its first bytes (a few KiB are enough). Pure; never throws. */
export function sniffMediaKind(head: Uint8Array): SniffedKind {
  if (head.length < 4) return head.length > 0 && looksLikeText(head) ? 'text' : 'unknown';
  const magic = ascii(head, 0, 4);
  if ((magic === 'RIFF' || magic === 'RF64') && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (magic === 'RIFF' && ascii(head, 8, 4) === 'AVI ') return 'avi';
  if (magic === 'FORM' && ascii(head, 8, 3) === 'AIF') return 'aiff';
  if (magic === 'fLaC') return 'flac';
  if (magic === 'OggS') return 'ogg';
  if (ascii(head, 4, 4) === 'ftyp') return 'isobmff';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'matroska';
  if (head[0] === 0x30 && head[1] === 0x26 && head[2] === 0xb2 && head[3] === 0x75) return 'asf';
  if (ascii(head, 0, 3) === 'ID3') return 'mp3';
  // MPEG audio frame sync: 11 set bits; layer bits 01/10/11 (layer III/II/I), not a reserved rate.
  if (head[0] === 0xff && (head[1] & 0xe0) === 0xe0) {
    if ((head[1] & 0x06) === 0) return 'adts';
    if ((head[2] & 0xf0) !== 0xf0) return 'mp3';
  }
  return looksLikeText(head) ? 'text' : 'unknown';
}

/** Printable UTF-8 / ASCII with no NUL bytes: a text file (notes, subtitles, JSON) renamed. */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let printable = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++;
  }
  return printable / head.length > 0.95;
}

/**
 * ISO-BMFF (mp4/m4a/mov) whose top-level boxes run past the end of the file, or that has no
 * `moov` box: a download or copy that stopped early. `bytes` must be the whole file.
 */
export function isTruncatedIsoBmff(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 0;
  let hasMoov = false;
  while (off + 8 <= bytes.length) {
    let size = view.getUint32(off);
    const type = ascii(bytes, off + 4, 4);
    if (size === 1) {
      if (off + 16 > bytes.length) return true;
      size = Number(view.getBigUint64(off + 8));
    } else if (size === 0) {
      size = bytes.length - off; // box runs to the end of the file
    }
    if (size < 8) return true;
    if (type === 'moov') hasMoov = true;
    if (off + size > bytes.length) return true;
    off += size;
  }
  return !hasMoov;
}
