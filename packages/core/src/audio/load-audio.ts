/**
 * loadAudio: any media file (or its bytes) -> mono Float32Array at 16 kHz, the input of every
 * later stage. Order in `auto` mode: 16-bit PCM WAV already at the target rate is read exactly
 * (int16 / 32768, no process spawned); then ffmpeg when one is found; then the WASM decoders.
 */
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { decodeError } from './decode-errors.js';
import { sniffMediaKind } from './media-kinds.js';
import { decodeWithFfmpeg, findFfmpeg } from './ffmpeg-decoder.js';
import { downmixToMono } from './resample.js';
import { decodeWithWasm } from './wasm-decoder.js';
import { isExactPcm16, isWav, parseWavHeader, readWavChannels, WavFormatError } from './wav-reader.js';

/** Which decoder loadAudio uses. */
export type AudioDecoderChoice = 'auto' | 'ffmpeg' | 'wasm';

/** Options of loadAudio. */
export interface LoadAudioOptions {
  /** Output sample rate in Hz. Default 16000 (what Whisper, the VAD and the aligners expect). */
  sampleRate?: number;
  /**
   * `auto` (default): exact WAV fast path, else ffmpeg if found, else WASM. `ffmpeg`: always
   * ffmpeg (an error when none is found). `wasm`: never spawn ffmpeg.
   */
  decoder?: AudioDecoderChoice;
  /** The ffmpeg executable. Default: FFMPEG_PATH, then a PATH lookup. */
  ffmpegPath?: string;
  /** Cancels the decode (ffmpeg is killed); the promise rejects with WhisperxError('aborted'). */
  signal?: AbortSignal;
}

/** Default output rate (Whisper's). */
export const SAMPLE_RATE = 16000;

/** How many leading bytes are read to sniff the format and word errors. */
export const HEAD_BYTES = 4096;

export function checkSampleRate(sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 384000) {
    throw new WhisperxError('usage', `sampleRate ${sampleRate} is not valid. Use an integer rate in Hz such as 16000.`);
  }
}

/** stat() a media path, turning the common failures into one-line decode errors. */
export async function checkMediaFile(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw decodeError(file, 'missing', undefined, err);
    throw decodeError(file, 'unreadable', code === 'EACCES' ? 'permission denied' : (err as Error).message, err);
  }
  if (info.isDirectory()) throw decodeError(file, 'directory');
  if (info.size === 0) throw decodeError(file, 'empty');
  return info.size;
}

/** The first `length` bytes of a file (fewer when the file is shorter). */
export async function readHead(file: string, length = HEAD_BYTES): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw decodeError(file, 'unreadable', code === 'EACCES' ? 'permission denied' : (err as Error).message, err);
  }
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The exact path: a 16-bit PCM WAV at `sampleRate` read as int16 / 32768, channels averaged.
 * Returns undefined for any other WAV (left to the decoders); throws for a damaged header.
 */
export function readExactWav(bytes: Uint8Array, sampleRate: number, label: string): Float32Array | undefined {
  let info;
  try {
    info = parseWavHeader(bytes);
  } catch (err) {
    if (err instanceof WavFormatError) {
      if (/unsupported WAV encoding/.test(err.message)) return undefined; // e.g. ADPCM: ffmpeg may know it
      throw decodeError(label, 'corrupt', err.message, err);
    }
    throw err;
  }
  if (!isExactPcm16(info, sampleRate)) return undefined;
  return downmixToMono(readWavChannels(bytes, info));
}

async function readWhole(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (err) {
    throw decodeError(file, 'unreadable', (err as Error).message, err);
  }
}

/** ffmpeg for this call: undefined when `wasm` is asked or none exists in `auto` mode. */
function pickFfmpeg(options: LoadAudioOptions): string | undefined {
  const choice = options.decoder ?? 'auto';
  if (choice === 'wasm') return undefined;
  const ffmpeg = findFfmpeg({ ffmpegPath: options.ffmpegPath });
  if (!ffmpeg && choice === 'ffmpeg') {
    throw new WhisperxError(
      'unavailable',
      'decoder "ffmpeg" was asked for but no ffmpeg was found. Install ffmpeg, set FFMPEG_PATH, or use decoder "wasm".',
    );
  }
  return ffmpeg;
}

/**
 * Refuse, before any decoder sees them, heads that are hostile rather than merely damaged:
 * text (ffmpeg reads some text formats as inputs that open *other* files: an HLS playlist or an
 * ffconcat script renamed .mp3 would make it decode, and so transcribe, any local file it names),
 * and WAV headers with an absurd sample rate (1 Hz would be resampled 16 000-fold).
 */
export function refuseHostileHead(head: Uint8Array, label: string): void {
  if (sniffMediaKind(head) === 'text') throw decodeError(label, 'not-media', 'it looks like text');
  // For every decoder: a WAV header with an absurd rate (1 Hz) would be resampled 16 000-fold.
  if (isWav(head)) {
    try {
      parseWavHeader(head);
    } catch (err) {
      if (err instanceof WavFormatError && /implausible sample rate|0 channels|rate of 0/.test(err.message)) {
        throw decodeError(label, 'corrupt', err.message, err);
      }
    }
  }
}

async function loadFromPath(file: string, options: LoadAudioOptions, sampleRate: number): Promise<Float32Array> {
  const choice = options.decoder ?? 'auto';
  await checkMediaFile(file);
  const head = await readHead(file);
  refuseHostileHead(head, file);
  if (choice === 'auto' && isWav(head)) {
    const exact = readExactWav(await readWhole(file), sampleRate, file);
    if (exact) return exact;
  }
  const ffmpeg = pickFfmpeg(options);
  if (ffmpeg) return decodeWithFfmpeg(file, { ffmpeg, sampleRate, label: file, head, signal: options.signal });
  return decodeWithWasm(await readWhole(file), { sampleRate, label: file, signal: options.signal });
}

async function loadFromBytes(bytes: Uint8Array, options: LoadAudioOptions, sampleRate: number): Promise<Float32Array> {
  const label = '<audio bytes>';
  const choice = options.decoder ?? 'auto';
  if (bytes.length === 0) throw decodeError(label, 'empty');
  refuseHostileHead(bytes.subarray(0, HEAD_BYTES), label);
  if (choice === 'auto' && isWav(bytes)) {
    const exact = readExactWav(bytes, sampleRate, label);
    if (exact) return exact;
  }
  const ffmpeg = pickFfmpeg(options);
  if (!ffmpeg) return decodeWithWasm(bytes, { sampleRate, label, signal: options.signal });
  // ffmpeg needs a seekable input (mp4 keeps its index at the end): go through a private temp file.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'whisperx-audio-'));
  try {
    const file = path.join(dir, 'input');
    await writeFile(file, bytes, { mode: 0o600 });
    return await decodeWithFfmpeg(file, {
      ffmpeg,
      sampleRate,
      label,
      head: bytes.subarray(0, HEAD_BYTES),
      signal: options.signal,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Decode a media file (path) or its bytes to mono float32 PCM at `sampleRate` (16 kHz).
 * Errors are WhisperxError: 'input' (one line naming the file and the reason: missing, a
 * directory, empty, not media, no audio stream, corrupt or truncated), 'aborted', 'unavailable'
 * (decoder 'ffmpeg' without ffmpeg), 'usage' (bad option or FFMPEG_PATH). A silent file is not
 * an error: it decodes to zeros.
 */
export async function loadAudio(input: string | Uint8Array, options: LoadAudioOptions = {}): Promise<Float32Array> {
  const sampleRate = options.sampleRate ?? SAMPLE_RATE;
  checkSampleRate(sampleRate);
  const choice = options.decoder ?? 'auto';
  if (choice !== 'auto' && choice !== 'ffmpeg' && choice !== 'wasm') {
    throw new WhisperxError('usage', `decoder ${JSON.stringify(choice)} is not known. Use "auto", "ffmpeg" or "wasm".`);
  }
  if (options.signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  const out =
    typeof input === 'string'
      ? await loadFromPath(input, options, sampleRate)
      : await loadFromBytes(input, options, sampleRate);
  if (options.signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  return out;
}
