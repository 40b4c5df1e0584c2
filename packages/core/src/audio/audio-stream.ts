/**
 * Streaming decode for long files: consecutive mono chunks read from ffmpeg's stdout as it
 * decodes, so a two-hour file never sits in memory whole. Without ffmpeg (or with decoder
 * 'wasm') the file is decoded whole and sliced. Plus a cheap duration probe.
 */
import { WhisperxError } from '../errors.js';
import { bytesToFloat32, ffmpegDuration, ffmpegPcmChunks, findFfmpeg } from './ffmpeg-decoder.js';
import type { AudioDecoderChoice } from './load-audio.js';
import { checkMediaFile, checkSampleRate, loadAudio, readHead, refuseHostileHead, SAMPLE_RATE } from './load-audio.js';
import { isWav, wavDurationFromHeader, WavFormatError } from './wav-reader.js';

/** Options of streamAudio. */
export interface StreamAudioOptions {
  /** Output sample rate in Hz. Default 16000. */
  sampleRate?: number;
  /** Length of each chunk in seconds (the last one is shorter). Default 30 (one Whisper window). */
  chunkSeconds?: number;
  /** `auto` (default): ffmpeg when found, else decode whole and slice. `ffmpeg` / `wasm`: force. */
  decoder?: AudioDecoderChoice;
  /** The ffmpeg executable. Default: FFMPEG_PATH, then a PATH lookup. */
  ffmpegPath?: string;
  /** Stops the stream (ffmpeg is killed); iteration throws WhisperxError('aborted'). */
  signal?: AbortSignal;
}

/**
 * Consecutive chunks of `chunkSeconds` of mono audio at `sampleRate`; joined they equal
 * loadAudio(path) with the same decoder. Breaking out of the loop stops ffmpeg.
 */
export async function* streamAudio(file: string, options: StreamAudioOptions = {}): AsyncGenerator<Float32Array> {
  const sampleRate = options.sampleRate ?? SAMPLE_RATE;
  checkSampleRate(sampleRate);
  const chunkSeconds = options.chunkSeconds ?? 30;
  if (!(chunkSeconds > 0) || !Number.isFinite(chunkSeconds)) {
    throw new WhisperxError('usage', `chunkSeconds ${chunkSeconds} is not valid. Use a positive number of seconds.`);
  }
  const chunkSamples = Math.max(1, Math.round(chunkSeconds * sampleRate));
  const choice = options.decoder ?? 'auto';
  const { signal } = options;
  if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  const ffmpeg = choice === 'wasm' ? undefined : findFfmpeg({ ffmpegPath: options.ffmpegPath });
  if (!ffmpeg) {
    if (choice === 'ffmpeg') {
      throw new WhisperxError(
        'unavailable',
        'decoder "ffmpeg" was asked for but no ffmpeg was found. Install ffmpeg, set FFMPEG_PATH, or use decoder "wasm".',
      );
    }
    const all = await loadAudio(file, { sampleRate, decoder: 'wasm', signal });
    for (let start = 0; start < all.length; start += chunkSamples) {
      if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
      yield all.slice(start, start + chunkSamples);
    }
    return;
  }
  await checkMediaFile(file);
  const head = await readHead(file);
  refuseHostileHead(head, file);
  const chunkBytes = chunkSamples * 4;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of ffmpegPcmChunks(file, { ffmpeg, sampleRate, label: file, head, signal })) {
    pending.push(piece);
    pendingBytes += piece.length;
    while (pendingBytes >= chunkBytes) {
      const joined = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      yield bytesToFloat32([joined.subarray(0, chunkBytes)], chunkBytes);
      const rest = joined.subarray(chunkBytes);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
    }
  }
  if (pendingBytes >= 4) yield bytesToFloat32(pending, pendingBytes);
}

/** Options of probeDuration. */
export interface ProbeDurationOptions {
  /** The ffmpeg executable. Default: FFMPEG_PATH, then a PATH lookup. */
  ffmpegPath?: string;
  /** Kills the ffmpeg probe. */
  signal?: AbortSignal;
}

/**
 * The duration in seconds, cheaply: from the header for WAV, else from `ffmpeg -i` (no decode,
 * no ffprobe). Undefined when neither can tell (no ffmpeg and not a WAV, or no duration known).
 * Missing files, directories and empty files throw the usual decode errors.
 */
export async function probeDuration(file: string, options: ProbeDurationOptions = {}): Promise<number | undefined> {
  const size = await checkMediaFile(file);
  const head = await readHead(file, 64 * 1024);
  if (isWav(head)) {
    try {
      return wavDurationFromHeader(head, size);
    } catch (err) {
      if (!(err instanceof WavFormatError)) throw err;
      // unusual or damaged header: let ffmpeg have a look
    }
  }
  const ffmpeg = findFfmpeg({ ffmpegPath: options.ffmpegPath });
  if (!ffmpeg) return undefined;
  return ffmpegDuration(ffmpeg, file, options.signal);
}
