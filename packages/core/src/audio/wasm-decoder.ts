/**
 * Decoding without ffmpeg: WAV through the own reader (exact int16 / 32768), everything else
 * through the `audio-decode` WASM decoders, then the own downmix (channel average) and
 * band-limited resampler.
 */
import decodeAudio from 'audio-decode';
import { WhisperxError } from '../errors.js';
import { decodeError, unreadableContentFailure } from './decode-errors.js';
import { isTruncatedIsoBmff, sniffMediaKind } from './media-kinds.js';
import { downmixToMono, resample } from './resample.js';
import { decodeWav, isPlausibleSampleRate, isWav, WavFormatError } from './wav-reader.js';

/** One WASM decode. */
export interface WasmDecodeOptions {
  /** Output rate in Hz. */
  sampleRate: number;
  /** How the input is named in errors. */
  label: string;
  /** Checked before and after decoding (the WASM decoders cannot be interrupted). */
  signal?: AbortSignal;
}

/** Channels and rate as decoded, before downmix and resampling. */
export interface DecodedChannels {
  sampleRate: number;
  channelData: Float32Array[];
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
}

/** Decode to the file's own channels and rate; decode errors become WhisperxError('input'). */
export async function decodeChannelsWithWasm(bytes: Uint8Array, label: string): Promise<DecodedChannels> {
  if (bytes.length === 0) throw decodeError(label, 'empty');
  if (isWav(bytes)) {
    try {
      return decodeWav(bytes);
    } catch (err) {
      if (err instanceof WavFormatError) throw decodeError(label, 'corrupt', err.message, err);
      throw err;
    }
  }
  const kind = sniffMediaKind(bytes.subarray(0, 4096));
  let decoded: DecodedChannels;
  try {
    decoded = await decodeAudio(bytes);
  } catch (err) {
    throw classifyWasmError(label, bytes, kind, err);
  }
  if (!decoded.channelData.length || !decoded.sampleRate) {
    if (kind === 'isobmff' || kind === 'matroska' || kind === 'avi' || kind === 'asf') {
      throw decodeError(label, 'no-audio');
    }
    throw decodeError(label, 'corrupt', 'no audio could be decoded');
  }
  if (!isPlausibleSampleRate(decoded.sampleRate)) {
    throw decodeError(label, 'corrupt', `implausible sample rate of ${decoded.sampleRate} Hz`);
  }
  return { sampleRate: decoded.sampleRate, channelData: decoded.channelData };
}

function classifyWasmError(label: string, bytes: Uint8Array, kind: string, err: unknown): WhisperxError {
  const message = err instanceof Error ? err.message : String(err);
  if (/unknown audio format/i.test(message)) {
    const { failure, detail } = unreadableContentFailure(bytes.subarray(0, 4096));
    return decodeError(label, failure, detail, err);
  }
  if (/no audio track/i.test(message)) {
    if (kind === 'isobmff' && isTruncatedIsoBmff(bytes)) {
      return decodeError(label, 'corrupt', 'the moov box is missing or cut off', err);
    }
    return decodeError(label, 'no-audio', undefined, err);
  }
  if (/no decoder for|unsupported codec|not supported/i.test(message)) {
    return decodeError(label, 'unsupported', message, err);
  }
  return decodeError(label, 'corrupt', message, err);
}

/** Decode `bytes` to mono float32 at `options.sampleRate` without ffmpeg. */
export async function decodeWithWasm(bytes: Uint8Array, options: WasmDecodeOptions): Promise<Float32Array> {
  checkAborted(options.signal);
  const { sampleRate, channelData } = await decodeChannelsWithWasm(bytes, options.label);
  checkAborted(options.signal);
  const mono = downmixToMono(channelData);
  const out = resample(mono, sampleRate, options.sampleRate);
  checkAborted(options.signal);
  return out === channelData[0] ? out.slice() : out;
}
