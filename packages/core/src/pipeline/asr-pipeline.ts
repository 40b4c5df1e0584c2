/**
 * WhisperX's batched ASR pipeline: VAD speech regions -> windows of at most chunkSize seconds
 * -> log-mel per window -> B windows encoded and decoded together -> one segment per window
 * (WhisperX's shape), in the original audio's time, streamed batch by batch.
 */
import { createLogMelExtractor, WHISPER_N_SAMPLES } from '../audio/log-mel.js';
import { asSampleSource, type AudioInput, type SampleSource } from '../audio/sample-source.js';
import { throwIfAborted, WhisperxError } from '../errors.js';
import type { TranscriptResult, TranscriptSegment } from '../transcript.js';
import type { GenerateOptions, WindowResult } from '../whisper/decoding-options.js';
import type { WhisperModel } from '../whisper/whisper-model.js';
import type { SpeechWindow } from '../vad/merge-chunks.js';
import { StreamingRun } from './run-handle.js';
import { WindowFeed, type WindowSource } from './window-feed.js';
import type { AsrOptions } from './options.js';

const SAMPLE_RATE = 16000;

export interface TranscribeOptions {
  /** Windows decoded together. Default 8. */
  batchSize?: number;
  /** Language code; detected on the first speech windows when absent. */
  language?: string;
  /** Default 'transcribe'. */
  task?: 'transcribe' | 'translate';
  /** Speech windows used to detect the language. Default 3. */
  languageDetectionWindows?: number;
  /** Decoding options (see AsrOptions). */
  asrOptions?: AsrOptions;
  signal?: AbortSignal;
  /** Fraction of the ASR work done, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** Result of language detection over several windows. */
export interface DetectedLanguage {
  language: string;
  probability: number;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Samples of a window (read from the source), zero-padded by the mel extractor to 30 s. */
function windowSamples(audio: SampleSource, w: SpeechWindow): Float32Array {
  const start = Math.max(0, Math.floor(w.start * SAMPLE_RATE));
  const end = Math.min(audio.length, Math.max(start, Math.ceil(w.end * SAMPLE_RATE)), start + WHISPER_N_SAMPLES);
  return audio.read(start, end);
}

export function generateOptionsFrom(
  asr: AsrOptions | undefined,
  language: string | undefined,
  task: 'transcribe' | 'translate',
  signal?: AbortSignal,
): GenerateOptions {
  const o = asr ?? {};
  return {
    language,
    task,
    withoutTimestamps: o.withoutTimestamps ?? true,
    temperature: o.temperature,
    compressionRatioThreshold: o.compressionRatioThreshold,
    logprobThreshold: o.logprobThreshold,
    noSpeechThreshold: o.noSpeechThreshold,
    beamSize: o.beamSize,
    patience: o.patience,
    lengthPenalty: o.lengthPenalty,
    bestOf: o.bestOf,
    maxNewTokens: o.maxNewTokens,
    maxDecoderRows: o.maxDecoderRows,
    suppressTokens: o.suppressTokens,
    suppressBlank: o.suppressBlank,
    suppressNumerals: o.suppressNumerals,
    initialPrompt: o.initialPrompt,
    hotwords: o.hotwords,
    seed: o.seed,
    signal,
  };
}

/** Segments of one decoded window, in original-audio seconds. */
export function windowSegments(
  window: SpeechWindow,
  result: WindowResult,
  withoutTimestamps: boolean,
): TranscriptSegment[] {
  const stats = {
    avg_logprob: result.avgLogprob,
    no_speech_prob: result.noSpeechProb,
    compression_ratio: result.compressionRatio,
    temperature: result.temperature,
  };
  if (result.silent) return []; // openai/whisper's no-speech skip (silence, music)
  if (withoutTimestamps || result.segments.length === 0) {
    if (result.text.trim() === '') return [];
    return [{ start: round3(window.start), end: round3(window.end), text: result.text, ...stats }];
  }
  const out: TranscriptSegment[] = [];
  for (const s of result.segments) {
    if (s.text.trim() === '') continue;
    const start = Math.min(window.end, window.start + s.start);
    const end = Math.min(window.end, Math.max(start, window.start + s.end));
    out.push({ start: round3(start), end: round3(end), text: s.text, ...stats });
  }
  return out;
}

/**
 * Transcribe speech windows of one audio (samples, or a source each window is read from). The
 * windows come from VAD (or fixed 30 s windows): a list, a function computing it, or a stream
 * that the VAD fills while earlier batches are being transcribed. Segments are emitted in time
 * order as each batch finishes.
 */
export function transcribeWindows(
  model: WhisperModel,
  input: AudioInput,
  speechWindows: WindowSource,
  options: TranscribeOptions = {},
): StreamingRun<TranscriptSegment, TranscriptResult> {
  const audio = asSampleSource(input);
  return new StreamingRun<TranscriptSegment, TranscriptResult>(async (emit) => {
    const feed = new WindowFeed(speechWindows);
    try {
      return await transcribeFeed(model, audio, feed, options, emit);
    } finally {
      await feed.stop();
    }
  });
}

async function transcribeFeed(
  model: WhisperModel,
  audio: SampleSource,
  feed: WindowFeed,
  options: TranscribeOptions,
  emit: (segment: TranscriptSegment) => void,
): Promise<TranscriptResult> {
  const batchSize = Math.max(1, options.batchSize ?? 8);
  const task = options.task ?? 'transcribe';
  const asr = options.asrOptions ?? {};
  const withoutTimestamps = asr.withoutTimestamps ?? true;
  const mel = createLogMelExtractor({ nMels: model.dims.nMels as 80 | 128 });
  const signal = options.signal;
  const duration = audio.length / SAMPLE_RATE;

  let language = options.language;
  if (language === undefined) {
    const count = Math.max(1, options.languageDetectionWindows ?? 3);
    await feed.waitFor(count);
    const detected = await detectLanguageOnWindows(model, audio, feed.windows.slice(0, count), count, signal);
    language = detected.language;
  }

  // conditionOnPreviousText needs the previous window's text before the next starts, so the
  // windows then go one at a time (WhisperX's batched pipeline cannot condition at all).
  const conditioned = asr.conditionOnPreviousText === true;
  const step = conditioned ? 1 : batchSize;
  const buffer = new Float32Array(step * mel.windowSize);
  const segments: TranscriptSegment[] = [];
  let previousText = asr.initialPrompt;
  let reported = 0;
  for (let i = 0; ; i += step) {
    await feed.waitFor(i + step);
    const batch = feed.windows.slice(i, i + step);
    if (batch.length === 0) break;
    throwIfAborted(signal);
    for (let b = 0; b < batch.length; b++) mel.computeInto(windowSamples(audio, batch[b]), buffer, b);
    const input = batch.length === step ? buffer : buffer.subarray(0, batch.length * mel.windowSize);
    const generate = generateOptionsFrom({ ...asr, initialPrompt: previousText }, language, task, signal);
    const results = await model.generate(input, batch.length, generate);
    for (let b = 0; b < batch.length; b++) {
      for (const s of windowSegments(batch[b], results[b], withoutTimestamps)) {
        segments.push(s);
        emit(s);
      }
      if (conditioned) previousText = joinPrompt(asr.initialPrompt, results[b]);
    }
    // Windows done of all windows once VAD has finished; before, how far into the audio.
    const done = i + batch.length;
    const fraction = feed.complete ? done / feed.windows.length : batch[batch.length - 1].end / duration;
    reported = Math.max(reported, Math.min(1, fraction));
    options.onProgress?.(reported);
  }
  options.onProgress?.(1);
  return { segments, language };
}

/** The prompt for the next window when conditioning on previous text (openai: reset after hot samples). */
function joinPrompt(initial: string | undefined, last: WindowResult): string | undefined {
  if (last.temperature > 0.5) return initial;
  return last.text.trim() === '' ? initial : last.text;
}

/**
 * Detect the language on up to `count` speech windows (not only the first 30 s of the file):
 * the language probabilities are averaged and the most probable language wins.
 */
export async function detectLanguageOnWindows(
  model: WhisperModel,
  input: AudioInput,
  windows: readonly SpeechWindow[],
  count: number,
  signal?: AbortSignal,
): Promise<DetectedLanguage> {
  if (!model.tokenizer.multilingual) return { language: 'en', probability: 1 };
  const audio = asSampleSource(input);
  const picked =
    windows.length > 0
      ? windows.slice(0, Math.max(1, count))
      : [{ start: 0, end: Math.min(30, audio.length / SAMPLE_RATE), segments: [] }];
  if (audio.length === 0) {
    throw new WhisperxError('input', 'The audio is empty: there is nothing to detect a language on. Pass --language.');
  }
  throwIfAborted(signal);
  const mel = createLogMelExtractor({ nMels: model.dims.nMels as 80 | 128 });
  const buffer = new Float32Array(picked.length * mel.windowSize);
  picked.forEach((w, b) => mel.computeInto(windowSamples(audio, w), buffer, b));
  const detections = await model.detectLanguage(buffer, picked.length);
  const sums = new Map<string, number>();
  for (const d of detections)
    for (const [code, p] of Object.entries(d.probs)) sums.set(code, (sums.get(code) ?? 0) + p / detections.length);
  let best = 'en';
  let bestP = -1;
  for (const [code, p] of sums) if (p > bestP) [best, bestP] = [code, p];
  return { language: best, probability: bestP };
}
