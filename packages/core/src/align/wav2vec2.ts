/**
 * wav2vec2 CTC models in Hugging Face layout (config.json, vocab.json, preprocessor_config.json,
 * onnx/model*.onnx) and their emissions: log_softmax over the labels of the CTC logits.
 *
 * Batching: several waveforms run as one [B, samples] input, zero-padded to the longest, and each
 * row is cropped to its own frame count. Zero padding is NOT neutral for wav2vec2: the group-norm
 * feature encoder (feat_extract_norm 'group', base-960h layout) normalises over the whole padded
 * time axis, and self-attention sees the padded frames unless the export takes an attention_mask.
 * So by default (`maxPaddingRatio` 0) only waveforms of identical length share a batch, which is
 * exact; a positive ratio batches similar lengths and trades exactness for speed.
 * Measured on the kit's group-norm model (jfk, 3 s row padded by 1% / 5% / 10% / 30%): max abs
 * log-prob change 4.3 / 3.8 / 5.5 / 8.0, i.e. padding is far from harmless; equal lengths in one
 * batch give bit-identical emissions to one-by-one runs (wav2vec2.test.ts asserts both).
 */
import { readModelJson } from '../model-json.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WhisperxError, throwIfAborted } from '../errors.js';
import {
  createSession,
  float32Tensor,
  int64Tensor,
  releaseSession,
  type OnnxDevice,
  type OrtSession,
} from '../onnx/session.js';
import type { EmissionMatrix } from './ctc-forced-align.js';
import { lowerCaseDictionary } from './text-clean.js';

/** Resolves a file of a model repo (path relative to the repo root) to a local path. */
export type ResolveFile = (relativePath: string) => Promise<string>;

export interface Wav2Vec2LoadOptions {
  /** ONNX file inside the model folder. Default 'onnx/model.onnx' (falls back to 'model.onnx'). */
  onnxFile?: string;
  /** Execution device. Default 'cpu'. */
  device?: OnnxDevice;
  /** Intra-op threads (0 = onnxruntime default). Default 0. */
  threads?: number;
  /**
   * Resolve repo files (hub download / cache). Default: files of the local folder `source`.
   * The hub client (packages/core/src/hub resolveRepoFile) plugs in here.
   */
  resolveFile?: ResolveFile;
}

/** A loaded wav2vec2 CTC model. */
export interface Wav2Vec2Model {
  /** Folder or repo id it came from. */
  source: string;
  session: OrtSession;
  /** vocab.json as stored. */
  vocab: Record<string, number>;
  /** Lower-cased vocabulary (WhisperX's alignment dictionary). */
  dictionary: Map<string, number>;
  /** CTC blank id. */
  blank: number;
  /** Labels per frame (logits width). */
  numLabels: number;
  /** preprocessor_config do_normalize: zero-mean unit-variance input per utterance. */
  doNormalize: boolean;
  /** config feat_extract_norm ('group' for base-960h layout, 'layer' for large/xlsr). */
  featExtractNorm: string;
  convKernel: number[];
  convStride: number[];
  samplingRate: number;
  /** Whether the ONNX graph takes an attention_mask input. */
  hasAttentionMask: boolean;
}

function localResolver(folder: string): ResolveFile {
  return async (rel) => {
    const p = path.join(folder, rel);
    if (!existsSync(p)) throw new WhisperxError('model', `${p}: file not found in the alignment model folder.`);
    return p;
  };
}

/** CTC blank id: '<pad>'/'[pad]' in the vocabulary, else the tokenizer's pad token, else config pad_token_id, else 0. */
function blankId(
  vocab: Record<string, number>,
  tokenizer: Record<string, unknown> | undefined,
  config: Record<string, unknown>,
): number {
  for (const [k, v] of Object.entries(vocab)) if (k.toLowerCase() === '<pad>' || k.toLowerCase() === '[pad]') return v;
  const pad = tokenizer?.pad_token;
  const padName = typeof pad === 'string' ? pad : (pad as { content?: string } | undefined)?.content;
  if (padName !== undefined && vocab[padName] !== undefined) return vocab[padName];
  if (typeof config.pad_token_id === 'number') return config.pad_token_id;
  return 0;
}

/** Load a wav2vec2 CTC model from a folder (or any source `resolveFile` understands). */
export async function loadWav2Vec2(source: string, options: Wav2Vec2LoadOptions = {}): Promise<Wav2Vec2Model> {
  const resolve = options.resolveFile ?? localResolver(source);
  const config = readModelJson(await resolve('config.json'));
  // Exports made by the hub's ONNX bot keep their own copy of vocab.json under onnx/.
  const vocab = readModelJson(await resolve('vocab.json').catch(() => resolve('onnx/vocab.json'))) as Record<
    string,
    number
  >;
  const pre = readModelJson(await resolve('preprocessor_config.json'));
  let tokenizer: Record<string, unknown> | undefined;
  try {
    tokenizer = readModelJson(await resolve('tokenizer_config.json'));
  } catch {
    tokenizer = undefined;
  }
  let onnxPath: string;
  const wanted = options.onnxFile ?? 'onnx/model.onnx';
  try {
    onnxPath = await resolve(wanted);
  } catch (first) {
    if (options.onnxFile) throw first;
    try {
      onnxPath = await resolve('model.onnx');
    } catch {
      throw new WhisperxError(
        'model',
        `${source}: no onnx/model.onnx (only ONNX is loaded). Export one with ` +
          '`optimum-cli export onnx --model <repo> --task automatic-speech-recognition <folder>` ' +
          'and pass --align_model <folder>, or use a repo that has onnx/model.onnx.',
      );
    }
  }
  const session = await createSession(onnxPath, { device: options.device, threads: options.threads });
  const numLabels = typeof config.vocab_size === 'number' ? config.vocab_size : Object.keys(vocab).length;
  return {
    source,
    session,
    vocab,
    dictionary: lowerCaseDictionary(vocab),
    blank: blankId(vocab, tokenizer, config),
    numLabels,
    doNormalize: pre.do_normalize === true,
    featExtractNorm: typeof config.feat_extract_norm === 'string' ? config.feat_extract_norm : 'group',
    convKernel: (config.conv_kernel as number[] | undefined) ?? [10, 3, 3, 3, 3, 2, 2],
    convStride: (config.conv_stride as number[] | undefined) ?? [5, 2, 2, 2, 2, 2, 2],
    samplingRate: typeof pre.sampling_rate === 'number' ? pre.sampling_rate : 16000,
    hasAttentionMask: session.inputNames.includes('attention_mask'),
  };
}

export async function releaseWav2Vec2(model: Wav2Vec2Model): Promise<void> {
  await releaseSession(model.session);
}

/** Frames the conv feature encoder produces for `samples` input samples. */
export function framesForSamples(model: Pick<Wav2Vec2Model, 'convKernel' | 'convStride'>, samples: number): number {
  let n = samples;
  for (let i = 0; i < model.convKernel.length; i++) {
    n = Math.floor((n - model.convKernel[i]) / model.convStride[i]) + 1;
    if (n <= 0) return 0;
  }
  return n;
}

/** Smallest input giving one frame (the receptive field, 400 samples for the usual stack). */
export function minimumSamples(model: Pick<Wav2Vec2Model, 'convKernel' | 'convStride'>): number {
  let n = 1;
  for (let i = model.convKernel.length - 1; i >= 0; i--) n = (n - 1) * model.convStride[i] + model.convKernel[i];
  return n;
}

/** HF Wav2Vec2FeatureExtractor normalisation: (x - mean) / sqrt(var + 1e-7). */
export function normalizeWaveform(x: Float32Array): Float32Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length || 1;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - mean) * (x[i] - mean);
  v /= x.length || 1;
  const scale = 1 / Math.sqrt(v + 1e-7);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - mean) * scale;
  return out;
}

/** In-place log_softmax over each row of [frames, labels]. */
export function logSoftmaxRows(data: Float32Array, labels: number): Float32Array {
  for (let row = 0; row < data.length; row += labels) {
    let max = -Infinity;
    for (let c = 0; c < labels; c++) if (data[row + c] > max) max = data[row + c];
    let sum = 0;
    for (let c = 0; c < labels; c++) sum += Math.exp(data[row + c] - max);
    const lse = max + Math.log(sum);
    for (let c = 0; c < labels; c++) data[row + c] = data[row + c] - lse;
  }
  return data;
}

export interface EmissionOptions {
  /** Most waveforms per forward pass. Default 8. */
  batchSize?: number;
  /**
   * Largest padding, as a fraction of the longest waveform of a batch, allowed to put waveforms
   * in one batch. 0 (default) = only equal lengths share a batch (exact). See the file comment.
   */
  maxPaddingRatio?: number;
  /** Normalise each waveform (zero mean, unit variance). Default: preprocessor_config do_normalize. */
  normalize?: boolean;
  /** 'log_softmax' (default) or raw 'logits'. */
  output?: 'log_softmax' | 'logits';
  /** Cancels between batches. */
  signal?: AbortSignal;
}

/** Group indices into batches (sorted by length, longest first). */
export function planBatches(lengths: readonly number[], batchSize: number, maxPaddingRatio: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  let cur: number[] = [];
  for (const i of order) {
    const longest = cur.length ? lengths[cur[0]] : lengths[i];
    const fits = cur.length < batchSize && longest - lengths[i] <= maxPaddingRatio * longest;
    if (cur.length && !fits) {
      batches.push(cur);
      cur = [];
    }
    cur.push(i);
  }
  if (cur.length) batches.push(cur);
  return batches;
}

/**
 * Emissions for each waveform ([frames, labels] each, in input order). Waveforms shorter than the
 * receptive field are zero-padded to it (as WhisperX pads to 400 samples).
 */
export async function computeEmissions(
  model: Wav2Vec2Model,
  waveforms: readonly Float32Array[],
  options: EmissionOptions = {},
): Promise<EmissionMatrix[]> {
  const batchSize = Math.max(1, options.batchSize ?? 8);
  const normalize = options.normalize ?? model.doNormalize;
  const minLen = minimumSamples(model);
  const inputs = waveforms.map((w) => {
    const x = normalize ? normalizeWaveform(w) : w;
    if (x.length >= minLen) return x;
    const padded = new Float32Array(minLen);
    padded.set(x);
    return padded;
  });
  const lengths = inputs.map((x) => x.length);
  const out: EmissionMatrix[] = new Array(inputs.length);
  for (const batch of planBatches(lengths, batchSize, options.maxPaddingRatio ?? 0)) {
    throwIfAborted(options.signal);
    const width = lengths[batch[0]];
    const buf = new Float32Array(batch.length * width);
    batch.forEach((idx, r) => buf.set(inputs[idx], r * width));
    const feeds: Record<string, ReturnType<typeof float32Tensor>> = {
      [model.session.inputNames[0]]: float32Tensor(buf, [batch.length, width]),
    };
    if (model.hasAttentionMask) {
      const mask = new Array<number>(batch.length * width).fill(0);
      batch.forEach((idx, r) => mask.fill(1, r * width, r * width + lengths[idx]));
      feeds.attention_mask = int64Tensor(mask, [batch.length, width]);
    }
    const result = await model.session.run(feeds);
    const logits = result[model.session.outputNames[0]];
    const [, frames, labels] = logits.dims as number[];
    const data = logits.data as Float32Array;
    batch.forEach((idx, r) => {
      const valid = Math.min(frames, framesForSamples(model, lengths[idx]));
      const rows = data.slice(r * frames * labels, (r * frames + valid) * labels);
      out[idx] = {
        data: options.output === 'logits' ? rows : logSoftmaxRows(rows, labels),
        frames: valid,
        labels,
      };
    });
    logits.dispose?.();
  }
  return out;
}
