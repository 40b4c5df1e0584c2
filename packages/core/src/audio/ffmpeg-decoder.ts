/**
 * Decoding through the ffmpeg executable: find it (explicit path, FFMPEG_PATH, then PATH, never
 * a shell), run it with an argument array on a `file:` URL (so names starting with "-", holding
 * ":" or any other character reach ffmpeg verbatim) and read mono float32 PCM from its stdout.
 * Like WhisperX: `-nostdin -threads 0 -i FILE -f <pcm> -ac 1 -ar 16000 -`, but float32 output
 * (s16 sources come out exactly as int16 / 32768; lossy sources keep their precision) and a
 * unit-gain downmix (stereo = exact channel average, as WhisperX's s16 output gives).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { quoteName, translateFfmpegFailure } from './decode-errors.js';

/** Where to look for ffmpeg. */
export interface FindFfmpegOptions {
  /** An explicit executable; wins over everything. Default: none. */
  ffmpegPath?: string;
  /** Environment to read FFMPEG_PATH, PATH and PATHEXT from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The ffmpeg to use, or undefined when there is none. An explicit `ffmpegPath` or FFMPEG_PATH
 * that does not point at an executable is an error (a typo should not silently switch decoders).
 */
export function findFfmpeg(options: FindFfmpegOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const explicit = options.ffmpegPath ?? (env.FFMPEG_PATH ? env.FFMPEG_PATH : undefined);
  if (explicit !== undefined) {
    const source = options.ffmpegPath !== undefined ? 'ffmpegPath' : 'FFMPEG_PATH';
    if (!isExecutableFile(explicit)) {
      throw new WhisperxError(
        'usage',
        `${source} ${JSON.stringify(explicit)} is not an executable file. Point it at ffmpeg or unset it to search PATH.`,
      );
    }
    return explicit;
  }
  const names =
    process.platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').map((ext) => `ffmpeg${ext.toLowerCase()}`)
      : ['ffmpeg'];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The ffmpeg input URL for a local file: absolute, behind the `file:` protocol. */
export function ffmpegInputUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

/** One ffmpeg decode. */
export interface FfmpegDecodeOptions {
  /** The ffmpeg executable (from findFfmpeg). */
  ffmpeg: string;
  /** Output rate in Hz. */
  sampleRate: number;
  /** How the file is named in errors (the path as the caller gave it). Default: the path. */
  label?: string;
  /** First bytes of the file, to word errors (damaged media vs not media). Default: empty. */
  head?: Uint8Array;
  /** Kills ffmpeg and rejects with WhisperxError('aborted'). */
  signal?: AbortSignal;
}

/** The argument array for decoding `file` to mono float32 little-endian PCM on stdout. */
export function ffmpegDecodeArgs(file: string, sampleRate: number): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-threads',
    '0',
    // Only local files may be opened, also by playlists/demuxers nested in the input (no http, tcp, ...).
    '-protocol_whitelist',
    'file',
    '-i',
    ffmpegInputUrl(file),
    '-vn',
    '-sn',
    '-dn',
    '-f',
    'f32le',
    '-acodec',
    'pcm_f32le',
    '-ac',
    '1',
    // Scale the downmix matrix to unit gain: stereo becomes exactly (L + R) / 2 like WhisperX's s16
    // output (float output would otherwise keep ffmpeg's -3 dB-per-channel sum, 0.707 * (L + R)).
    '-rematrix_maxval',
    '1',
    '-ar',
    String(sampleRate),
    'pipe:1',
  ];
}

const MAX_STDERR = 64 * 1024;

/**
 * Run ffmpeg on `file` and yield its stdout (float32 LE bytes) as it arrives. Throws a decode
 * error (WhisperxError 'input') translated from stderr when ffmpeg fails, and 'aborted' when the
 * signal fires. Breaking out of the loop kills ffmpeg.
 */
export async function* ffmpegPcmChunks(file: string, options: FfmpegDecodeOptions): AsyncGenerator<Buffer> {
  const { signal } = options;
  if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  const child = spawn(options.ffmpeg, ffmpegDecodeArgs(file, options.sampleRate), {
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < MAX_STDERR) stderr += s;
  });
  let spawnError: Error | undefined;
  const closed = new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      spawnError = err;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  let aborted = false;
  const onAbort = (): void => {
    aborted = true;
    child.kill('SIGKILL');
    child.stdout.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for await (const chunk of child.stdout) {
      if (aborted) break;
      yield chunk as Buffer;
    }
    const code = await closed;
    finished = true;
    if (aborted || signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
    if (spawnError) {
      throw new WhisperxError(
        'runtime',
        `Cannot start ffmpeg ${JSON.stringify(options.ffmpeg)}: ${spawnError.message}. Check FFMPEG_PATH or install ffmpeg.`,
        { cause: spawnError },
      );
    }
    if (code !== 0 && stderr.trim() === '') {
      // ffmpeg always explains a bad input; silence means ffmpeg itself failed (a wrong binary, killed).
      const how = code === null ? 'was killed' : `exited with code ${code}`;
      throw new WhisperxError(
        'runtime',
        `ffmpeg ${JSON.stringify(options.ffmpeg)} ${how} without a message while decoding ${quoteName(options.label ?? file)}: the problem is ffmpeg, not the file. Check FFMPEG_PATH or the ffmpeg install.`,
      );
    }
    if (code !== 0) {
      throw translateFfmpegFailure(
        options.label ?? file,
        ffmpegInputUrl(file),
        stderr,
        options.head ?? new Uint8Array(0),
        code,
      );
    }
  } catch (err) {
    if (aborted || signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished && child.exitCode === null) {
      child.kill('SIGKILL');
      child.stdout.destroy();
    }
  }
}

/** Copy little-endian float32 bytes into a Float32Array. */
export function bytesToFloat32(chunks: readonly Uint8Array[], totalBytes: number): Float32Array {
  const out = new Float32Array(Math.floor(totalBytes / 4));
  const bytes = new Uint8Array(out.buffer);
  let off = 0;
  for (const c of chunks) {
    const take = Math.min(c.length, bytes.length - off);
    bytes.set(take === c.length ? c : c.subarray(0, take), off);
    off += take;
  }
  return out;
}

/** Decode a whole file with ffmpeg to mono float32 at `options.sampleRate`. */
export async function decodeWithFfmpeg(file: string, options: FfmpegDecodeOptions): Promise<Float32Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ffmpegPcmChunks(file, options)) {
    chunks.push(chunk);
    total += chunk.length;
  }
  return bytesToFloat32(chunks, total);
}

/**
 * The container's duration in seconds from `ffmpeg -i` (its stderr "Duration:" line; no
 * ffprobe), or undefined when ffmpeg prints none (e.g. a stream without a known length).
 */
export async function ffmpegDuration(ffmpeg: string, file: string, signal?: AbortSignal): Promise<number | undefined> {
  if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  const child = spawn(ffmpeg, ['-nostdin', '-hide_banner', '-protocol_whitelist', 'file', '-i', ffmpegInputUrl(file)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    windowsHide: true,
  });
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < MAX_STDERR) stderr += s;
  });
  try {
    await new Promise<void>((resolve) => {
      child.on('error', () => resolve());
      child.on('close', () => resolve());
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  const m = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}
