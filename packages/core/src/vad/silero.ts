/**
 * Silero VAD (v5 / v6.2 ONNX, shipped in packages/core/assets/silero): per-chunk speech
 * probabilities exactly as silero-vad's OnnxWrapper.audio_forward computes them:
 *
 *   state = zeros [2, 1, 128], context = zeros [64]
 *   for each 512-sample chunk at 16 kHz (the last one zero-padded):
 *     input = concat(context, chunk) [1, 576]; (prob, state) = model(input, state, sr = 16000)
 *     context = input[-64:]
 *
 * The model is stateful, so it runs once per chunk; the input tensor, its buffer and the
 * sample-rate tensor are allocated once per call and the returned state is fed back as is.
 */
import { fileURLToPath } from 'node:url';
import { throwIfAborted, WhisperxError } from '../errors.js';
import { createSession, float32Tensor, int64Tensor, releaseSession } from '../onnx/session.js';
import type { OrtSession, OrtTensor, SessionOptions } from '../onnx/session.js';
import { asSampleSource, type AudioInput } from '../audio/pcm-source.js';
import type { SpeechProbabilities } from './speech-timestamps.js';

/** Shipped Silero versions. */
export type SileroVersion = 'v5' | 'v6.2';

/** Samples per chunk at 16 kHz. */
export const SILERO_CHUNK_SAMPLES = 512;
/** Samples of the previous input prepended to each chunk at 16 kHz. */
export const SILERO_CONTEXT_SAMPLES = 64;
/** The only sample rate used here. */
export const SILERO_SAMPLE_RATE = 16000;

const STATE_SHAPE = [2, 1, 128] as const;

/** Path of a shipped Silero model (works from src/ and from dist/: both sit two levels below the package). */
export function sileroModelPath(version: SileroVersion): string {
  const file = version === 'v5' ? 'silero_vad_v5.onnx' : 'silero_vad_v6.2.onnx';
  return fileURLToPath(new URL(`../../assets/silero/${file}`, import.meta.url));
}

/** Options of {@link SileroVad.load}. */
export interface SileroLoadOptions {
  /** Shipped model version. Default 'v6.2'. Ignored when `modelPath` is given. */
  version?: SileroVersion;
  /** Use this Silero ONNX file instead of a shipped one (same inputs: input, state, sr). */
  modelPath?: string;
  /** onnxruntime options. Default: CPU, 1 thread (the model is tiny; more threads only add overhead). */
  session?: SessionOptions;
}

/** Options of {@link SileroVad.speechProbabilities}. */
export interface SileroRunOptions {
  /** Cancels between chunks. */
  signal?: AbortSignal;
  /** Called with the fraction done (0..1) every ~10 s of audio and at the end. */
  onProgress?: (fraction: number) => void;
}

/** A loaded Silero model. Not re-entrant: run one audio at a time per instance. */
export class SileroVad {
  readonly modelPath: string;
  private session: OrtSession | undefined;
  private readonly inputName: string;
  private readonly stateName: string;
  private readonly srName: string;
  private readonly probName: string;
  private readonly stateOutName: string;

  private constructor(session: OrtSession, modelPath: string) {
    this.session = session;
    this.modelPath = modelPath;
    const inputs = session.inputNames;
    const outputs = session.outputNames;
    const need = (names: readonly string[], name: string, what: string): string => {
      if (!names.includes(name)) {
        throw new WhisperxError(
          'model',
          `${modelPath}: not a Silero v5/v6 VAD model (no ${what} '${name}'; found ${names.join(', ')}).`,
        );
      }
      return name;
    };
    this.inputName = need(inputs, 'input', 'input');
    this.stateName = need(inputs, 'state', 'input');
    this.srName = need(inputs, 'sr', 'input');
    this.probName = need(outputs, 'output', 'output');
    this.stateOutName = need(outputs, 'stateN', 'output');
  }

  /** Open a shipped (default v6.2) or given Silero model. */
  static async load(options: SileroLoadOptions = {}): Promise<SileroVad> {
    const modelPath = options.modelPath ?? sileroModelPath(options.version ?? 'v6.2');
    const session = await createSession(modelPath, { threads: 1, ...options.session });
    try {
      return new SileroVad(session, modelPath);
    } catch (error) {
      await releaseSession(session);
      throw error;
    }
  }

  /**
   * Speech probability of every 512-sample chunk of `audio` (16 kHz mono; a source is read in
   * blocks of ~16 s, so a long file is never held whole).
   */
  async speechProbabilities(input: AudioInput, options: SileroRunOptions = {}): Promise<SpeechProbabilities> {
    const audio = asSampleSource(input);
    const probs = new Float32Array(Math.ceil(audio.length / SILERO_CHUNK_SAMPLES));
    let at = 0;
    for await (const block of this.probabilityBlocks(audio, options)) {
      probs.set(block, at);
      at += block.length;
    }
    return {
      probs,
      numSamples: audio.length,
      samplingRate: SILERO_SAMPLE_RATE,
      windowSizeSamples: SILERO_CHUNK_SAMPLES,
    };
  }

  /**
   * The same probabilities, yielded in blocks of up to 512 chunks (16.4 s of audio) as they are
   * computed, so later stages can start before the whole file is analysed.
   */
  async *probabilityBlocks(input: AudioInput, options: SileroRunOptions = {}): AsyncGenerator<Float32Array> {
    const session = this.session;
    if (!session) throw new WhisperxError('runtime', `${this.modelPath}: this Silero model was released.`);
    const audio = asSampleSource(input);
    const chunk = SILERO_CHUNK_SAMPLES;
    const ctx = SILERO_CONTEXT_SAMPLES;
    const numChunks = Math.ceil(audio.length / chunk);
    const buffer = new Float32Array(ctx + chunk); // [context | chunk], reused for every run
    const feeds: Record<string, OrtTensor> = {
      [this.inputName]: float32Tensor(buffer, [1, ctx + chunk]),
      [this.stateName]: float32Tensor(new Float32Array(2 * 128), STATE_SHAPE),
      [this.srName]: int64Tensor([SILERO_SAMPLE_RATE], []),
    };
    const progressEvery = Math.max(1, Math.round((10 * SILERO_SAMPLE_RATE) / chunk));
    throwIfAborted(options.signal);
    const chunksPerBlock = 512;

    for (let first = 0; first < numChunks; first += chunksPerBlock) {
      const count = Math.min(chunksPerBlock, numChunks - first);
      const blockStart = first * chunk;
      const block = audio.read(blockStart, blockStart + count * chunk);
      const probs = new Float32Array(count);
      for (let k = 0; k < count; k++) {
        const i = first + k;
        if (i > 0) buffer.copyWithin(0, chunk, chunk + ctx); // context = last 64 samples of the previous input
        const from = k * chunk;
        const to = Math.min(from + chunk, block.length);
        buffer.set(block.subarray(from, to), ctx);
        if (to - from < chunk) buffer.fill(0, ctx + to - from);
        const out = await session.run(feeds);
        probs[k] = (out[this.probName].data as Float32Array)[0];
        feeds[this.stateName] = out[this.stateOutName];
        if (i % progressEvery === progressEvery - 1) {
          throwIfAborted(options.signal);
          options.onProgress?.((i + 1) / numChunks);
        }
      }
      yield probs;
    }
    options.onProgress?.(1);
  }

  /** Free the native session (safe to call twice). */
  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await releaseSession(session);
  }
}
