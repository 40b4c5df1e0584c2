/**
 * Sample sources: 16 kHz mono audio that every stage reads by range instead of holding the whole
 * waveform. A two-hour file is 461 MB as float32; a file-backed source keeps it on disk (the
 * input itself when it is already 16-bit PCM WAV at the rate, else a private temporary file that
 * ffmpeg decodes into) and reads the few seconds each stage needs, so the process stays small.
 * Reads equal loadAudio(file) sample for sample.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { decodeError } from './decode-errors.js';
import { decodeWithFfmpeg, ffmpegDuration, ffmpegPcmChunks, findFfmpeg } from './ffmpeg-decoder.js';
import type { AudioDecoderChoice } from './load-audio.js';
import { checkMediaFile, checkSampleRate, loadAudio, readHead, refuseHostileHead, SAMPLE_RATE } from './load-audio.js';
import { downmixToMono } from './resample.js';
import { isExactPcm16, isWav, parseWavHeader, readWavChannels, WavFormatError, type WavInfo } from './wav-reader.js';

/** Mono audio read by range. */
export interface SampleSource {
  /** Number of samples. */
  readonly length: number;
  /** Samples per second (16000 for the pipeline). */
  readonly sampleRate: number;
  /**
   * Where the samples live: `memory` (in this process), `input` (read in place from the media
   * file), `temp` (a decoded copy in a temporary file, taking disk space until closed).
   */
  readonly storage: 'memory' | 'input' | 'temp';
  /**
   * Samples [start, end), clamped to [0, length). The array may be a view into the source's own
   * storage: treat it as read-only.
   */
  read(start: number, end: number): Float32Array;
  /** Free the source (its temporary file, if any). Safe to call twice. */
  close(): Promise<void>;
}

/** Audio as the stages accept it: decoded samples or a source. */
export type AudioInput = Float32Array | SampleSource;

/** A source over samples already in memory (reads are views, nothing is copied). */
export function memorySource(samples: Float32Array, sampleRate = SAMPLE_RATE): SampleSource {
  return {
    length: samples.length,
    sampleRate,
    storage: 'memory',
    read: (start, end) => samples.subarray(Math.max(0, start), Math.max(0, Math.min(samples.length, end))),
    close: async () => {},
  };
}

/** The source behind an AudioInput (a Float32Array becomes a memory source). */
export function asSampleSource(audio: AudioInput): SampleSource {
  return audio instanceof Float32Array ? memorySource(audio) : audio;
}

/** Frames per cached block of a file source (4.1 s at 16 kHz) and blocks kept. */
const BLOCK_FRAMES = 1 << 16;
const CACHED_BLOCKS = 16;

/** Raw PCM in a file: mono float32, or interleaved 16-bit integers read as int16 / 32768. */
interface PcmLayout {
  encoding: 'f32' | 's16';
  channels: number;
  dataOffset: number;
  frames: number;
}

/**
 * A file-backed source with a small block cache (stages read overlapping ranges in time order).
 * `onClose` runs once when the source is closed.
 */
class FilePcmSource implements SampleSource {
  readonly length: number;
  private fd: number | undefined;
  private readonly blocks = new Map<number, Float32Array>();
  private readonly frameBytes: number;

  constructor(
    readonly storage: 'input' | 'temp',
    fd: number,
    private readonly layout: PcmLayout,
    readonly sampleRate: number,
    private readonly label: string,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.fd = fd;
    this.length = layout.frames;
    this.frameBytes = (layout.encoding === 'f32' ? 4 : 2) * layout.channels;
  }

  read(start: number, end: number): Float32Array {
    const from = Math.max(0, Math.floor(start));
    const to = Math.max(from, Math.min(this.length, Math.ceil(end)));
    const out = new Float32Array(to - from);
    for (let pos = from; pos < to;) {
      const index = Math.floor(pos / BLOCK_FRAMES);
      const block = this.block(index);
      const offset = pos - index * BLOCK_FRAMES;
      const take = Math.min(block.length - offset, to - pos);
      out.set(block.subarray(offset, offset + take), pos - from);
      pos += take;
    }
    return out;
  }

  private block(index: number): Float32Array {
    const hit = this.blocks.get(index);
    if (hit) {
      this.blocks.delete(index); // most recently used last
      this.blocks.set(index, hit);
      return hit;
    }
    const fd = this.fd;
    if (fd === undefined) throw new WhisperxError('runtime', `${this.label}: the audio source was closed.`);
    const first = index * BLOCK_FRAMES;
    const frames = Math.min(BLOCK_FRAMES, this.length - first);
    const bytes = new Uint8Array(frames * this.frameBytes);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, this.layout.dataOffset + first * this.frameBytes + got);
      if (n === 0) {
        throw new WhisperxError(
          'input',
          `${this.label} got shorter while it was being transcribed (it changed on disk). Run again once the file is complete.`,
        );
      }
      got += n;
    }
    const block = this.decode(bytes, frames);
    this.blocks.set(index, block);
    if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
    return block;
  }

  private decode(bytes: Uint8Array, frames: number): Float32Array {
    if (this.layout.encoding === 'f32') return new Float32Array(bytes.buffer, 0, frames);
    // The same arithmetic as loadAudio's exact WAV path (int16 / 32768, channels averaged).
    const info: WavInfo = {
      encoding: 'pcm',
      bitsPerSample: 16,
      channels: this.layout.channels,
      sampleRate: this.sampleRate,
      dataOffset: 0,
      dataLength: bytes.length,
    };
    const channels = readWavChannels(bytes, info);
    return channels.length === 1 ? channels[0] : downmixToMono(channels);
  }

  async close(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    this.blocks.clear();
    closeSync(fd);
    await this.onClose();
  }
}

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
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const declared = view.getUint32(info.dataOffset - 4, true);
  const available = size - info.dataOffset;
  const dataLength = declared === 0xffffffff || declared > available ? available : declared;
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
      // The header may promise more than the file holds: never read past its end.
      const bytes = fstatSync(fd).size - layout.dataOffset;
      const frames = Math.min(layout.frames, Math.max(0, Math.floor(bytes / (2 * layout.channels))));
      return new FilePcmSource('input', fd, { ...layout, frames }, sampleRate, file);
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
