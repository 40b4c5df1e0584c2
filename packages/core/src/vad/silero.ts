/**
 * Silero VAD (v5 / v6.2 ONNX, shipped in packages/core/assets/silero): per-chunk speech
 * probabilities exactly as silero-vad's OnnxWrapper.audio_forward computes them:
 *
 *   state = zeros [2, 1, 128], context = zeros [64]
 *   for each 512-sample chunk at 16 kHz (the last one zero-padded):
 *     input = concat(context, chunk) [1, 576]; (prob, state) = model(input, state, sr = 16000)
 *     context = input[-64:]
 *
 * By default the file is not run chunk by chunk: a batched form of the same model (built in
 * memory, see silero-batched-graph.ts) takes a whole block of 512 chunks per call, with the LSTM
 * run over the block as one sequence; `mode: 'per-chunk'` runs the file as shipped, one call per
 * chunk. At load the two forms are compared on a test signal; a model whose batched form is not
 * known or does not agree is run per chunk.
 */
import { fileURLToPath } from 'node:url';
import { throwIfAborted, WhisperxError } from '../errors.js';
import { readFileSync } from 'node:fs';
import { createSession, createSessionFromBytes, float32Tensor, int64Tensor, releaseSession } from '../onnx/session.js';
import type { OrtSession, OrtTensor, SessionOptions } from '../onnx/session.js';
import { asSampleSource, type AudioInput } from '../audio/pcm-source.js';
import type { SpeechProbabilities } from './speech-timestamps.js';
import { BATCHED_ROW_SAMPLES, batchedRows, buildBatchedSileroModel } from './silero-batched-graph.js';

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
  /**
   * 'batched': one call per block of 512 chunks (the same model, built batched in memory);
   * 'per-chunk': the file as shipped, one call per 512-sample chunk (silero-vad's own loop).
   * Default 'batched' (falls back to 'per-chunk' when the model has no known batched form).
   */
  mode?: SileroMode;
}

/** How the model is run: see {@link SileroLoadOptions.mode}. */
export type SileroMode = 'batched' | 'per-chunk';

/**
 * Largest difference allowed between the batched and the per-chunk form on the load-time check:
 * the conformance kit's tolerance for Silero probabilities (measured on 10 minutes of speech:
 * 2.7e-6 for v5, 1.7e-5 for v6.2; speech timestamps identical).
 */
const BATCHED_CHECK_TOLERANCE = 1e-4;

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
  /** How this instance runs the model (the requested mode, or 'per-chunk' after a fallback). */
  readonly mode: SileroMode;
  private session: OrtSession | undefined;
  private readonly inputName: string;
  private readonly stateName: string;
  private readonly srName: string;
  private readonly probName: string;
  private readonly stateOutName: string;

  private batched: OrtSession | undefined;

  private constructor(session: OrtSession | undefined, batched: OrtSession | undefined, modelPath: string) {
    this.session = session;
    this.batched = batched;
    this.mode = batched ? 'batched' : 'per-chunk';
    this.modelPath = modelPath;
    if (!session) {
      // batched only: the shipped file's names were checked when the batched form was compared
      this.inputName = 'input';
      this.stateName = 'state';
      this.srName = 'sr';
      this.probName = 'output';
      this.stateOutName = 'stateN';
      return;
    }
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
    const sessionOptions = { threads: 1, ...options.session };
    const session = await createSession(modelPath, sessionOptions);
    let perChunk: SileroVad;
    try {
      perChunk = new SileroVad(session, undefined, modelPath);
    } catch (error) {
      await releaseSession(session);
      throw error;
    }
    if (options.mode === 'per-chunk') return perChunk;
    const built = await buildBatchedSileroModel(readFileSync(modelPath));
    if (!built) return perChunk;
    const batchedSession = await createSessionFromBytes(
      built,
      `${modelPath} (batched over chunks by whisperx-ts)`,
      sessionOptions,
    ).catch(() => undefined);
    if (!batchedSession) return perChunk;
    const batched = new SileroVad(undefined, batchedSession, modelPath);
    if (!(await batched.agreesWith(perChunk))) {
      await batched.release();
      return perChunk;
    }
    await perChunk.release();
    return batched;
  }

  /** The load-time check: both forms give the same probabilities on 1.5 s of a test signal. */
  private async agreesWith(other: SileroVad): Promise<boolean> {
    const audio = new Float32Array(SILERO_SAMPLE_RATE * 1.5 + 100);
    let seed = 12345;
    for (let i = 0; i < audio.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = seed / 2 ** 32 - 0.5;
      audio[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / SILERO_SAMPLE_RATE) * (i > 8000 ? 1 : 0) + 0.05 * noise;
    }
    try {
      const a = await this.speechProbabilities(audio);
      const b = await other.speechProbabilities(audio);
      return (
        a.probs.length === b.probs.length &&
        a.probs.every((p, i) => Math.abs(p - b.probs[i]) <= BATCHED_CHECK_TOLERANCE)
      );
    } catch {
      return false;
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
    if (this.batched) {
      yield* this.batchedBlocks(this.batched, input, options);
      return;
    }
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

  /** The batched form: one session call per block of up to 512 chunks. */
  private async *batchedBlocks(
    session: OrtSession,
    input: AudioInput,
    options: SileroRunOptions,
  ): AsyncGenerator<Float32Array> {
    const audio = asSampleSource(input);
    const chunk = SILERO_CHUNK_SAMPLES;
    const numChunks = Math.ceil(audio.length / chunk);
    const chunksPerBlock = 512;
    const rows = new Float32Array(chunksPerBlock * BATCHED_ROW_SAMPLES);
    const previous = new Float32Array(SILERO_CONTEXT_SAMPLES);
    let state: OrtTensor = float32Tensor(new Float32Array(2 * 128), STATE_SHAPE);
    throwIfAborted(options.signal);
    for (let first = 0; first < numChunks; first += chunksPerBlock) {
      if (!this.batched) throw new WhisperxError('runtime', `${this.modelPath}: this Silero model was released.`);
      const count = Math.min(chunksPerBlock, numChunks - first);
      const blockStart = first * chunk;
      const block = audio.read(blockStart, blockStart + count * chunk);
      const batch = batchedRows(block, count, previous, rows);
      previous.set(batch.subarray(batch.length - SILERO_CONTEXT_SAMPLES));
      const out = await session.run({
        input: float32Tensor(batch, [count, BATCHED_ROW_SAMPLES]),
        state,
      });
      state = out.stateN;
      yield Float32Array.from(out.output.data as Float32Array);
      throwIfAborted(options.signal);
      options.onProgress?.(Math.min(1, (first + count) / numChunks));
    }
    options.onProgress?.(1);
  }

  /** Free the native session (safe to call twice). */
  async release(): Promise<void> {
    const session = this.session;
    const batched = this.batched;
    this.session = undefined;
    this.batched = undefined;
    await releaseSession(session);
    await releaseSession(batched);
  }
}
