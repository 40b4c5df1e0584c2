/**
 * Sample sources: 16 kHz mono audio that every stage reads by range instead of holding the whole
 * waveform. A two-hour file is 461 MB as float32; a file-backed source keeps it on disk (the
 * input itself when it is already 16-bit PCM WAV at the rate, else a private temporary file that
 * ffmpeg decodes into) and reads the few seconds each stage needs, so the process stays small.
 * Reads equal loadAudio(file) sample for sample.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { decodeError } from './decode-errors.js';
import { decodeWithFfmpeg, ffmpegDuration, ffmpegPcmChunks, findFfmpeg } from './ffmpeg-decoder.js';
import type { AudioDecoderChoice } from './load-audio.js';
import { checkMediaFile, checkSampleRate, loadAudio, readHead, refuseHostileHead, SAMPLE_RATE } from './load-audio.js';
import { FilePcmSource, memorySource, type PcmLayout, type SampleSource } from './pcm-source.js';
import { isExactPcm16, isWav, parseWavHeader, wavDataLength, WavFormatError, type WavInfo } from './wav-reader.js';

export {
  asSampleSource,
  attachSharedSource,
  memorySource,
  type AudioInput,
  type PcmLayout,
  type SampleSource,
  type SharedSource,
} from './pcm-source.js';

/** Options of openAudioSource. */
export interface OpenAudioSourceOptions {
  /** Output sample rate in Hz. Default 16000. */
  sampleRate?: number;
  /** `auto` (default): WAV read in place, else ffmpeg, else WASM (in memory). `ffmpeg` / `wasm`: force. */
  decoder?: AudioDecoderChoice;
  /** The ffmpeg executable. Default: FFMPEG_PATH, then a PATH lookup. */
  ffmpegPath?: string;
  /** Folder of the temporary decoded audio. Default: TMPDIR, else the OS temp folder (/var/tmp when /tmp is a tmpfs). */
  tempDir?: string;
  /** Cancels the decode (ffmpeg is killed, the temporary file removed). */
  signal?: AbortSignal;
  /** Decode progress, 0..1 (every 2% or minute of audio, when ffmpeg decodes and knows the duration). Default none. */
  onProgress?: (fraction: number) => void;
}

/**
 * 16-bit PCM WAV at the rate, read in place: its layout; 'other' for any other file; 'unsure'
 * for a WAV header that does not parse from the first bytes (loadAudio decides).
 */
function wavInPlace(head: Uint8Array, size: number, sampleRate: number): PcmLayout | 'other' | 'unsure' {
  if (!isWav(head)) return 'other';
  let info: WavInfo;
  try {
    info = parseWavHeader(head);
  } catch (err) {
    if (err instanceof WavFormatError) return /unsupported WAV encoding/.test(err.message) ? 'other' : 'unsure';
    throw err;
  }
  if (!isExactPcm16(info, sampleRate)) return 'other';
  const dataLength = wavDataLength(head, info, size);
  return {
    encoding: 's16',
    channels: info.channels,
    dataOffset: info.dataOffset,
    frames: Math.floor(dataLength / (2 * info.channels)),
  };
}

/** statfs type of tmpfs (Linux): files there live in memory. */
const TMPFS_MAGIC = 0x01021994;

function isTmpfs(dir: string): boolean {
  try {
    return statfsSync(dir).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
}

/**
 * Where decoded audio goes: TMPDIR when set; else the OS temp folder, unless that is a tmpfs
 * (memory: /tmp on many Linux desktops) and /var/tmp is on disk.
 */
export function defaultAudioTempDir(env: NodeJS.ProcessEnv = process.env): string {
  const tmp = os.tmpdir();
  if (env.TMPDIR || process.platform !== 'linux' || !isTmpfs(tmp)) return tmp;
  return isTmpfs('/var/tmp') ? tmp : '/var/tmp';
}

function isPosix(): boolean {
  return process.platform !== 'win32';
}

/** Temporary files still open where they cannot be unlinked while open (Windows): removed at exit. */
const openTempFiles = new Set<string>();
let exitHookInstalled = false;

function removeAtExit(file: string): void {
  openTempFiles.add(file);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const f of openTempFiles) {
      try {
        unlinkSync(f);
      } catch {
        // already gone
      }
    }
  });
}

/**
 * ffmpeg decodes into a private temporary file (float32, the bytes loadAudio would hold). On
 * POSIX systems the file is unlinked as soon as it is open, so nothing is left behind even when
 * the process is killed. Undefined when no temporary file can be created there.
 */
async function decodeToTempFile(
  file: string,
  ffmpeg: string,
  head: Uint8Array,
  sampleRate: number,
  options: OpenAudioSourceOptions,
): Promise<SampleSource | undefined> {
  // An explicit folder, else the default one and then the OS temp folder (if /var/tmp is not writable).
  const dirs = options.tempDir ? [options.tempDir] : [...new Set([defaultAudioTempDir(), os.tmpdir()])];
  let fd: number | undefined;
  let dir = dirs[0];
  let tempPath = '';
  for (const candidate of dirs) {
    dir = candidate;
    tempPath = path.join(dir, `whisperx-ts-audio-${process.pid}-${randomUUID()}.f32`);
    try {
      fd = openSync(tempPath, 'wx+', 0o600);
      break;
    } catch {
      // not writable here: next folder, else decode into memory
    }
  }
  if (fd === undefined) return undefined;
  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    openTempFiles.delete(tempPath);
    await rm(tempPath, { force: true });
  };
  if (isPosix()) await remove();
  else removeAtExit(tempPath);
  let bytes = 0;
  let reported = 0;
  try {
    // Progress against the container's duration (one `ffmpeg -i`, only when progress is asked for).
    const seconds = options.onProgress ? await ffmpegDuration(ffmpeg, file, options.signal) : undefined;
    const expectedBytes = seconds ? seconds * sampleRate * 4 : 0;
    const every = Math.min(sampleRate * 4 * 60, expectedBytes / 50);
    for await (const piece of ffmpegPcmChunks(file, {
      ffmpeg,
      sampleRate,
      label: file,
      head,
      signal: options.signal,
    })) {
      try {
        for (let done = 0; done < piece.length;) done += writeSync(fd, piece, done, piece.length - done, bytes + done);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOSPC' ? 'no space left' : (err as Error).message;
        throw new WhisperxError(
          'runtime',
          `Cannot keep the decoded audio of ${file} in ${dir} (${why}, after ${Math.round(bytes / 1e6)} MB). ` +
            'Free space there or set TMPDIR to a folder with room (about 230 MB per hour of audio).',
          { cause: err },
        );
      }
      bytes += piece.length;
      if (expectedBytes > 0 && bytes - reported >= every) {
        reported = bytes;
        options.onProgress?.(Math.min(0.99, bytes / expectedBytes));
      }
    }
  } catch (err) {
    closeSync(fd);
    await remove();
    throw err;
  }
  const layout: PcmLayout = { encoding: 'f32', channels: 1, dataOffset: 0, frames: Math.floor(bytes / 4) };
  return new FilePcmSource('temp', fd, layout, sampleRate, file, remove);
}

/**
 * Open a media file as a sample source of 16 kHz mono audio equal to loadAudio(file): 16-bit
 * PCM WAV at the rate is read in place; with ffmpeg, other media are decoded once into a
 * temporary file; without ffmpeg (or when no temporary file can be made) the audio is decoded
 * into memory. Close the source when done. Errors are loadAudio's.
 */
export async function openAudioSource(file: string, options: OpenAudioSourceOptions = {}): Promise<SampleSource> {
  const sampleRate = options.sampleRate ?? SAMPLE_RATE;
  checkSampleRate(sampleRate);
  const choice = options.decoder ?? 'auto';
  if (options.signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  const size = await checkMediaFile(file);
  const head = await readHead(file, 64 * 1024);
  refuseHostileHead(head, file);
  if (choice === 'auto') {
    const layout = wavInPlace(head, size, sampleRate);
    if (layout === 'unsure') return memorySource(await loadAudio(file, { ...options, sampleRate }), sampleRate);
    if (layout !== 'other') {
      let fd: number;
      try {
        fd = openSync(file, 'r');
      } catch (err) {
        throw decodeError(file, 'unreadable', (err as Error).message, err);
      }
      // layout.frames is already clamped to what the file holds (wavDataLength).
      return new FilePcmSource('input', fd, layout, sampleRate, file);
    }
  }
  const ffmpeg = choice === 'wasm' ? undefined : findFfmpeg({ ffmpegPath: options.ffmpegPath });
  if (ffmpeg) {
    const source = await decodeToTempFile(file, ffmpeg, head, sampleRate, options);
    if (source) return source;
    const samples = await decodeWithFfmpeg(file, { ffmpeg, sampleRate, label: file, head, signal: options.signal });
    return memorySource(samples, sampleRate);
  }
  return memorySource(await loadAudio(file, { ...options, sampleRate }), sampleRate);
}
