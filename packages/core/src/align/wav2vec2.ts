/**
 * wav2vec2 CTC models in Hugging Face layout (config.json, vocab.json, preprocessor_config.json, and
 * onnx/model*.onnx or model.safetensors — whose ONNX graph wav2vec2-graph/ builds once and caches)
 * and their emissions: log_softmax over the labels of the CTC logits.
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
import { resolveCacheDir } from '../hub/hub-options.js';
import { buildWav2Vec2Graph } from './wav2vec2-graph/build-cache.js';

/** Resolves a file of a model repo (path relative to the repo root) to a local path. */
export type ResolveFile = (relativePath: string) => Promise<string>;

export interface Wav2Vec2LoadOptions {
  /** ONNX file inside the model folder. Default 'onnx/model.onnx' (falls back to 'model.onnx'). */
  onnxFile?: string;
  /**
   * 'onnx': load an ONNX export; 'safetensors': build the graph from config.json + `weightsFile`;
   * 'auto' (default): an ONNX export when there is one, else the safetensors weights.
   */
  format?: 'auto' | 'onnx' | 'safetensors';
  /** Safetensors weights inside the model folder. Default 'model.safetensors'. */
  weightsFile?: string;
  /** Hub cache folder beside which built graphs are cached. Default: the hub client's default cache. */
  graphCacheDir?: string;
  /** One-line notices (a graph being built). Default: none. */
  log?: (line: string) => void;
  /**
   * Keep onnxruntime's CPU memory arena between runs. Off by default: batches of different
   * lengths make the arena grow to the sum of its largest plans (measured: 2.2 GB for a base model
   * over 3 min of 8 s segments), while without it each pass frees its activations.
   */
  memoryArena?: boolean;
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

/** CTC blank id: '<blank>' (MMS), '<pad>'/'[pad]' in the vocabulary, else the tokenizer's pad token, else config pad_token_id, else 0. */
function blankId(
  vocab: Record<string, number>,
  tokenizer: Record<string, unknown> | undefined,
  config: Record<string, unknown>,
): number {
  if (vocab['<blank>'] !== undefined) return vocab['<blank>'];
  for (const [k, v] of Object.entries(vocab)) if (k.toLowerCase() === '<pad>' || k.toLowerCase() === '[pad]') return v;
  const pad = tokenizer?.pad_token;
  const padName = typeof pad === 'string' ? pad : (pad as { content?: string } | undefined)?.content;
  if (padName !== undefined && vocab[padName] !== undefined) return vocab[padName];
  if (typeof config.pad_token_id === 'number') return config.pad_token_id;
  return 0;
}

/**
 * vocab.json; exports made by the hub's ONNX bot keep their copy under onnx/; transformers.js
 * conversions may carry only tokenizer.json (its model.vocab is the same label -> id map).
 */
async function readVocabulary(source: string, resolve: ResolveFile): Promise<Record<string, number>> {
  for (const file of ['vocab.json', 'onnx/vocab.json']) {
    const local = await resolve(file).catch(() => undefined);
    if (local) return readModelJson(local) as Record<string, number>;
  }
  const tokenizer = await resolve('tokenizer.json').catch(() => undefined);
  const vocab = tokenizer ? (readModelJson(tokenizer).model as { vocab?: unknown } | undefined)?.vocab : undefined;
  if (vocab && typeof vocab === 'object' && !Array.isArray(vocab)) return vocab as Record<string, number>;
  throw new WhisperxError(
    'model',
    `${source}: no vocab.json (nor onnx/vocab.json, nor a tokenizer.json with model.vocab): the CTC labels are unknown; pass --align_model <a complete wav2vec2 CTC repo or folder>.`,
  );
}

async function findOnnx(resolve: ResolveFile, options: Wav2Vec2LoadOptions): Promise<string | undefined> {
  try {
    return await resolve(options.onnxFile ?? 'onnx/model.onnx');
  } catch (first) {
    if (options.onnxFile) throw first;
  }
  try {
    return await resolve('model.onnx');
  } catch {
    return undefined;
  }
}

/** The ONNX file to run: the export, or the graph built from config.json + safetensors. */
async function modelGraph(source: string, resolve: ResolveFile, options: Wav2Vec2LoadOptions): Promise<string> {
  const format = options.format ?? 'auto';
  if (format !== 'safetensors') {
    const onnx = await findOnnx(resolve, options);
    if (onnx) return onnx;
    if (format === 'onnx') {
      throw new WhisperxError('model', `${source}: no onnx/model.onnx nor model.onnx in the alignment model.`);
    }
  }
  const weightsFile = options.weightsFile ?? 'model.safetensors';
  let weights: string;
  try {
    weights = await resolve(weightsFile);
  } catch (error) {
    // only "absent" becomes the neither-nor line; offline, network and permission errors say what they are
    if (format === 'safetensors' || !/not found/.test((error as Error).message)) throw error;
    throw new WhisperxError(
      'model',
      `${source}: neither onnx/model.onnx nor ${weightsFile} found (pickle checkpoints such as pytorch_model.bin are never loaded): ` +
        `pass --align_model <repo id or folder holding model.safetensors or onnx/model.onnx> (${(error as Error).message})`,
      { cause: error },
    );
  }
  const built = await buildWav2Vec2Graph(await resolve('config.json'), weights, {
    hubCacheDir: options.graphCacheDir ?? resolveCacheDir({}),
    source,
    log: options.log,
  });
  return built.onnxPath;
}

/** Load a wav2vec2 CTC model from a folder (or any source `resolveFile` understands). */
export async function loadWav2Vec2(source: string, options: Wav2Vec2LoadOptions = {}): Promise<Wav2Vec2Model> {
  const resolve = options.resolveFile ?? localResolver(source);
  const config = readModelJson(await resolve('config.json'));
  const vocab = await readVocabulary(source, resolve);
  // preprocessor_config.json is optional: without it the raw waveform goes in (as WhisperX feeds it)
  const pre = await resolve('preprocessor_config.json').then(readModelJson, () => ({}) as Record<string, unknown>);
  let tokenizer: Record<string, unknown> | undefined;
  try {
    tokenizer = readModelJson(await resolve('tokenizer_config.json'));
  } catch {
    tokenizer = undefined;
  }
  const onnxPath = await modelGraph(source, resolve, options);
  const session = await createSession(onnxPath, {
    device: options.device,
    threads: options.threads,
    cpuMemArena: options.memoryArena ?? false,
    memPattern: options.memoryArena ?? false,
  });
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
  /**
   * Most audio per forward pass, in seconds (batch rows x the longest row). The activations are
   * large — the first convolution alone holds 2 KB per channel-second (1 MB per audio second at
   * 512 channels), several copies live at once — so this bounds the memory of a pass. Default 30.
   */
  maxBatchSeconds?: number;
  /** Normalise each waveform (zero mean, unit variance). Default: preprocessor_config do_normalize. */
  normalize?: boolean;
  /** 'log_softmax' (default) or raw 'logits'. */
  output?: 'log_softmax' | 'logits';
  /** Cancels between batches. */
  signal?: AbortSignal;
}

/** Group indices into batches (longest first); a batch holds at most maxBatchSamples (rows x longest), one row at least. */
export function planBatches(
  lengths: readonly number[],
  batchSize: number,
  maxPaddingRatio: number,
  maxBatchSamples = Infinity,
): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  let cur: number[] = [];
  for (const i of order) {
    const longest = cur.length ? lengths[cur[0]] : lengths[i];
    const fits =
      cur.length < batchSize &&
      longest - lengths[i] <= maxPaddingRatio * longest &&
      (cur.length + 1) * longest <= maxBatchSamples;
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
  const maxBatchSamples = (options.maxBatchSeconds ?? 30) * model.samplingRate;
  for (const batch of planBatches(lengths, batchSize, options.maxPaddingRatio ?? 0, maxBatchSamples)) {
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
