/**
 * Voice activity detection: speech regions of 16 kHz mono audio (Silero v5/v6.2 shipped with
 * the package, or fixed windows when VAD is off), and their merge into Whisper windows.
 *
 * As WhisperX does with Silero: `threshold` = vad_onset, `maxSpeechDurationS` = chunk_size,
 * everything else silero-vad's defaults; regions in seconds = samples / 16000 (unrounded);
 * then merge_chunks(chunk_size).
 */
import type { AudioInput } from '../audio/sample-source.js';
import { WhisperxError } from '../errors.js';
import type { SessionOptions } from '../onnx/session.js';
import { DEFAULT_CHUNK_SIZE, fixedWindows, mergeChunks, WindowMerger } from './merge-chunks.js';
import type { SpeechRegion, SpeechWindow } from './merge-chunks.js';
import { SILERO_CHUNK_SAMPLES, SILERO_SAMPLE_RATE, SileroVad } from './silero.js';
import type { SileroVersion } from './silero.js';
import { SpeechTimestampTracker, type SpeechTimestamp } from './speech-timestamps.js';

/** Which VAD runs. 'silero' = the newest shipped Silero (v6.2); 'none' = fixed windows. */
export type VadMethod = 'silero' | 'silero_v5' | 'silero_v6' | 'none';

/** Options of {@link detectSpeech} (faster-whisper / WhisperX VadOptions, field by field). */
export interface VadOptions {
  /** VAD model. Default 'silero' (Silero v6.2). */
  method?: VadMethod;
  /**
   * Window length in seconds (Whisper's input): the longest speech region (unless
   * `maxSpeechDurationS` says otherwise), the window size of mergeChunks and the fixed window
   * length of method 'none'. Default 30.
   */
  chunkSize?: number;
  /** Speech probability at or above which a chunk is speech (WhisperX vad_onset). Default 0.5. */
  threshold?: number;
  /** Probability below which speech ends. Default max(threshold - 0.15, 0.01) (silero-vad's rule). */
  negThreshold?: number;
  /** Drop speech regions shorter than this (ms). Default 250. */
  minSpeechDurationMs?: number;
  /** Split regions longer than this (s). Default `chunkSize` (as WhisperX); Infinity = never. */
  maxSpeechDurationS?: number;
  /** Silence (ms) that must pass before a region ends. Default 100. */
  minSilenceDurationMs?: number;
  /** Padding (ms) on both sides of each region. Default 30. */
  speechPadMs?: number;
  /** Shortest silence (ms) used as a split point at the maximum length. Default 98. */
  minSilenceAtMaxSpeech?: number;
  /** At the maximum length split at the longest silence (true) or the last one (false). Default true. */
  useMaxPossSilAtMaxSpeech?: boolean;
  /**
   * A Silero model already loaded (reused across files; not released here). Its version wins
   * over `method`. Default: the method's shipped model, loaded and released per call.
   */
  model?: SileroVad;
  /** onnxruntime options when the model is loaded here. Default CPU, 1 thread. */
  session?: SessionOptions;
  /** Cancels between chunks. */
  signal?: AbortSignal;
  /** Progress of the VAD pass, 0..1. */
  onProgress?: (fraction: number) => void;
}

function sileroVersion(method: VadMethod): SileroVersion {
  return method === 'silero_v5' ? 'v5' : 'v6.2';
}

/** Speech regions (seconds, sorted, non-overlapping) of 16 kHz mono `audio`. */
export async function detectSpeech(audio: AudioInput, options: VadOptions = {}): Promise<SpeechRegion[]> {
  const regions: SpeechRegion[] = [];
  for await (const region of detectSpeechStream(audio, options)) regions.push(region);
  return regions;
}

/**
 * detectSpeech's regions, each yielded as soon as no later audio can change it (Silero runs
 * through the file once; a region is final when the next one is complete), so transcription
 * can start while the VAD is still reading the file.
 */
export async function* detectSpeechStream(audio: AudioInput, options: VadOptions = {}): AsyncGenerator<SpeechRegion> {
  const method = options.method ?? 'silero';
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!['silero', 'silero_v5', 'silero_v6', 'none'].includes(method)) {
    throw new WhisperxError(
      'usage',
      `--vad-method ${String(method)}: unknown; use silero, silero_v5, silero_v6 or none.`,
    );
  }
  if (!(chunkSize > 0)) {
    throw new WhisperxError('usage', `--chunk-size ${chunkSize}: must be a positive number of seconds (default 30).`);
  }
  if (method === 'none') {
    yield* fixedWindows(audio.length / SILERO_SAMPLE_RATE, chunkSize);
    return;
  }

  const model = options.model ?? (await SileroVad.load({ version: sileroVersion(method), session: options.session }));
  try {
    const tracker = new SpeechTimestampTracker(
      { numSamples: audio.length, samplingRate: SILERO_SAMPLE_RATE, windowSizeSamples: SILERO_CHUNK_SAMPLES },
      {
        threshold: options.threshold,
        negThreshold: options.negThreshold,
        minSpeechDurationMs: options.minSpeechDurationMs,
        maxSpeechDurationS: options.maxSpeechDurationS ?? chunkSize,
        minSilenceDurationMs: options.minSilenceDurationMs,
        speechPadMs: options.speechPadMs,
        minSilenceAtMaxSpeech: options.minSilenceAtMaxSpeech,
        useMaxPossSilAtMaxSpeech: options.useMaxPossSilAtMaxSpeech,
      },
    );
    const seconds = (s: SpeechTimestamp): SpeechRegion => ({
      start: s.start / SILERO_SAMPLE_RATE,
      end: s.end / SILERO_SAMPLE_RATE,
    });
    const blocks = model.probabilityBlocks(audio, { signal: options.signal, onProgress: options.onProgress });
    for await (const probs of blocks) yield* tracker.push(probs).map(seconds);
    yield* tracker.finish().map(seconds);
  } finally {
    if (!options.model) await model.release();
  }
}

/** detectSpeechStream merged into windows of at most `chunkSize` seconds, each yielded once final. */
export async function* detectSpeechWindowStream(
  audio: AudioInput,
  options: VadOptions = {},
): AsyncGenerator<SpeechWindow> {
  const merger = new WindowMerger(options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  for await (const region of detectSpeechStream(audio, options)) {
    const closed = merger.push(region);
    if (closed) yield closed;
  }
  const last = merger.finish();
  if (last) yield last;
}

/** detectSpeech, then mergeChunks into windows of at most `chunkSize` seconds. */
export async function detectSpeechWindows(audio: AudioInput, options: VadOptions = {}): Promise<SpeechWindow[]> {
  return mergeChunks(await detectSpeech(audio, options), options.chunkSize ?? DEFAULT_CHUNK_SIZE);
}

export { DEFAULT_CHUNK_SIZE, fixedWindows, mergeChunks, WindowMerger, WindowTimeMap } from './merge-chunks.js';
export type { SpeechRegion, SpeechWindow } from './merge-chunks.js';
export { binarizeScores, pyannoteSpeechWindows } from './pyannote-vad.js';
export type { BinarizeOptions, FrameTiming } from './pyannote-vad.js';
export {
  SILERO_CHUNK_SAMPLES,
  SILERO_CONTEXT_SAMPLES,
  SILERO_SAMPLE_RATE,
  SileroVad,
  sileroModelPath,
} from './silero.js';
export type { SileroLoadOptions, SileroMode, SileroRunOptions, SileroVersion } from './silero.js';
export { getSpeechTimestamps, pythonRound, SpeechTimestampTracker } from './speech-timestamps.js';
export type { SpeechProbabilities, SpeechTimestamp, SpeechTimestampsOptions } from './speech-timestamps.js';
export {
  DEFAULT_PYANNOTE_VAD_REPO,
  PyannoteSegmentationVad,
  speechScoresFromSegmentation,
} from './pyannote-segmentation-vad.js';
