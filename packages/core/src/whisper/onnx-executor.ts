/**
 * The ONNX backend of the WhisperExecutor contract: encoder_model.onnx plus a decoder in either
 * layout of the optimum / transformers.js exports — merged (`decoder_model_merged.onnx` with a
 * `use_cache_branch` flag) or split (`decoder_model.onnx` + `decoder_with_past_model.onnx`) —
 * in float32 or float16 (element types read from the session metadata).
 *
 * Shapes: mel [B, nMels, 3000] -> encoder states [B, nAudioCtx, dModel]; decoder K/V caches
 * [rows, heads, len, headDim] (self-attention, growing) and [rows, heads, nAudioCtx, headDim]
 * (cross-attention, from the first step only: a merged model's cached branch returns empty ones).
 */
import type { DecodeSession, EncodedBatch, WhisperDims, WhisperExecutor } from './executor.js';
import {
  createSession,
  releaseSession,
  Tensor,
  type OrtSession,
  type OrtTensor,
  type SessionOptions,
} from '../onnx/session.js';
import { WhisperxError } from '../errors.js';
import { float16ToFloat32, float32ToFloat16 } from './fp16.js';
import {
  BufferPool,
  emptyOf,
  floatTensor,
  isConsecutive,
  isIdentity,
  compactRowsInPlace,
  gatherRows,
  joinRows,
  placeRows,
  rowView,
  wholeBuffer,
  type FloatData,
  type FloatType,
} from './onnx-rows.js';

/** ONNX files of one Whisper model: an encoder and a merged decoder or the split pair. */
export interface OnnxWhisperModelFiles {
  /** encoder_model*.onnx */
  encoder: string;
  /** decoder_model_merged*.onnx (preferred when present). */
  decoderMerged?: string;
  /** decoder_model*.onnx (split layout, first step). */
  decoder?: string;
  /** decoder_with_past_model*.onnx (split layout, later steps). */
  decoderWithPast?: string;
}

/**
 * Mel rows per encoder run. Encoder throughput per window is flat from 1 to 8 rows on CPU, but
 * its attention scratch grows with the rows (tiny: ~110 MB per row, base: ~145 MB) and the CPU
 * arena keeps its largest run, so rows are encoded one at a time and joined; decoding still runs
 * the whole batch together.
 */
const ENCODER_ROWS_PER_RUN = 1;
/**
 * Rows per run of the first (no-cache) decoder step, which projects the encoder states to the
 * cross-attention K/V of every layer: its scratch grows with the rows (tiny: ~45 MB per row), so
 * the rows go a few at a time and their caches are joined; later steps run all rows together.
 */
const FIRST_STEP_ROWS = 2;

function elementType(session: OrtSession, name: string, io: 'input' | 'output'): FloatType {
  const meta = (io === 'input' ? session.inputMetadata : session.outputMetadata) as unknown;
  const list = Array.isArray(meta) ? meta : Object.values((meta ?? {}) as Record<string, unknown>);
  const entry = list.find((m: { name?: string }) => m?.name === name) as { type?: string } | undefined;
  const type = entry?.type ?? 'float32';
  if (type !== 'float32' && type !== 'float16') {
    throw new WhisperxError('model', `${name}: element type ${type} is not supported (float32 or float16 expected).`);
  }
  return type;
}

function toType(type: FloatType, data: Float32Array): FloatData {
  return type === 'float16' ? float32ToFloat16(data) : data;
}

class OnnxEncoded implements EncodedBatch {
  constructor(
    readonly batchSize: number,
    public states: OrtTensor | null,
  ) {}
  dispose(): void {
    this.states = null;
  }
}

interface DecoderLayout {
  first: OrtSession;
  cached: OrtSession;
  merged: boolean;
  /** past_key_values.* input names; the matching output is `present.` + the same suffix. */
  decoderPasts: string[];
  encoderPasts: string[];
  floatType: FloatType;
  logitsType: FloatType;
}

class OnnxDecodeSession implements DecodeSession {
  private rowSources: number[];
  private past: Map<string, OrtTensor> | null = null;
  private encKv: Map<string, OrtTensor> | null = null;
  private encKvSources: number[] = [];
  /** Buffers under encKv taken from (and given back to) the executor's pool. */
  private encKvBuffers = new Map<string, FloatData>();
  private pending: number[] | null = null;
  private logitsBuf = new Float32Array(0);
  private idsBuf = new BigInt64Array(0);
  private placeholder: OrtTensor | null = null;
  private readonly cacheOn = new Tensor('bool', new Uint8Array([1]), [1]);
  private disposed = false;

  constructor(
    private readonly layout: DecoderLayout,
    private readonly dims: WhisperDims,
    private readonly encoded: OnnxEncoded,
    rowSources: readonly number[],
    private readonly pool: BufferPool,
  ) {
    this.rowSources = [...rowSources];
  }

  get rows(): number {
    return this.rowSources.length;
  }

  select(rowIndices: readonly number[]): void {
    for (const i of rowIndices) {
      if (!(i >= 0 && i < this.rowSources.length)) throw new RangeError(`select: row ${i} out of range`);
    }
    this.rowSources = rowIndices.map((i) => this.rowSources[i]);
    if (this.past) this.pending = this.pending ? rowIndices.map((i) => this.pending![i]) : [...rowIndices];
  }

  async step(tokens: Int32Array, tokensPerRow: number): Promise<Float32Array> {
    if (this.disposed) throw new WhisperxError('runtime', 'DecodeSession.step after dispose().');
    const rows = this.rowSources.length;
    if (tokens.length !== rows * tokensPerRow)
      throw new RangeError(`step: ${tokens.length} tokens for ${rows} rows x ${tokensPerRow}`);
    if (this.past === null) return this.firstStep(tokens, tokensPerRow);
    const { layout, dims } = this;
    if (this.idsBuf.length !== tokens.length) this.idsBuf = new BigInt64Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) this.idsBuf[i] = BigInt(tokens[i]);
    const feeds: Record<string, OrtTensor> = { input_ids: new Tensor('int64', this.idsBuf, [rows, tokensPerRow]) };
    this.applyPending();
    for (const name of layout.decoderPasts) feeds[name] = this.past.get(name)!;
    for (const name of layout.encoderPasts) feeds[name] = this.encKv!.get(name)!;
    if (layout.merged) {
      // Unused by the cached branch but declared by the graph: a small placeholder.
      if (this.placeholder?.dims[0] !== rows) {
        this.placeholder = floatTensor(layout.floatType, emptyOf(layout.floatType, rows * dims.dModel), [
          rows,
          1,
          dims.dModel,
        ]);
      }
      feeds.encoder_hidden_states = this.placeholder;
      feeds.use_cache_branch = this.cacheOn;
    }
    const out = await layout.cached.run(feeds);
    const past = this.past;
    for (const name of layout.decoderPasts) past.set(name, out[presentName(name)]);
    return this.lastLogits(out.logits, rows, tokensPerRow, 0, true);
  }

  /** The no-cache step over the prompt, FIRST_STEP_ROWS rows per run; the caches are joined. */
  private async firstStep(tokens: Int32Array, tokensPerRow: number): Promise<Float32Array> {
    const { layout, dims } = this;
    const states = this.encoded.states;
    if (!states) throw new WhisperxError('runtime', 'startDecode: the encoded batch was disposed.');
    const rows = this.rowSources.length;
    const heads = dims.nTextHead;
    const headDim = dims.dModel / heads;
    // Each part's cross-attention K/V goes straight into one buffer per name (the pool's when it
    // fits), so the parts become garbage one at a time; self-attention parts are small.
    const spare = rows > FIRST_STEP_ROWS ? this.pool.take() : new Map<string, FloatData>();
    const selfParts = new Map<string, OrtTensor[]>(layout.decoderPasts.map((name) => [name, []]));
    const cross = new Map<string, OrtTensor>();
    for (let r0 = 0; r0 < rows; r0 += FIRST_STEP_ROWS) {
      const n = Math.min(FIRST_STEP_ROWS, rows - r0);
      const sources = this.rowSources.slice(r0, r0 + n);
      const ids = new BigInt64Array(n * tokensPerRow);
      for (let i = 0; i < ids.length; i++) ids[i] = BigInt(tokens[r0 * tokensPerRow + i]);
      const feeds: Record<string, OrtTensor> = {
        input_ids: new Tensor('int64', ids, [n, tokensPerRow]),
        encoder_hidden_states: isConsecutive(sources) ? rowView(states, sources[0], n) : gatherRows(states, sources),
      };
      if (layout.merged) {
        for (const name of [...layout.decoderPasts, ...layout.encoderPasts]) {
          feeds[name] = floatTensor(layout.floatType, emptyOf(layout.floatType, 0), [n, heads, 0, headDim]);
        }
        feeds.use_cache_branch = new Tensor('bool', new Uint8Array([0]), [1]);
      }
      const out = await layout.first.run(feeds);
      this.lastLogits(out.logits, n, tokensPerRow, r0, false);
      for (const name of layout.decoderPasts) selfParts.get(name)!.push(out[presentName(name)]);
      for (const name of layout.encoderPasts) {
        const part = out[presentName(name)];
        if (n === rows) cross.set(name, part);
        else cross.set(name, placeRows(part, r0, rows, cross.get(name) ?? spare.get(name)));
      }
    }
    const past = new Map<string, OrtTensor>();
    for (const [name, parts] of selfParts) past.set(name, parts.length === 1 ? parts[0] : joinRows(parts));
    if (rows > FIRST_STEP_ROWS)
      for (const [name, t] of cross) this.encKvBuffers.set(name, wholeBuffer(t.data as FloatData));
    const encKv = cross;
    this.past = past;
    this.encKv = encKv;
    this.encKvSources = [...this.rowSources];
    return this.logitsBuf.subarray(0, rows * this.dims.nVocab);
  }

  private applyPending(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending && !isIdentity(pending, this.past!.values().next().value!.dims[0])) {
      for (const [name, t] of this.past!) this.past!.set(name, gatherRows(t, pending));
    }
    const sources = this.rowSources;
    const same = sources.length === this.encKvSources.length && sources.every((s, i) => s === this.encKvSources[i]);
    if (!same) {
      // Usually finished rows leaving: moved down inside the same buffers, no new allocation.
      const index = sources.map((s) => this.encKvSources.indexOf(s));
      for (const [name, t] of this.encKv!) this.encKv!.set(name, compactRowsInPlace(t, index) ?? gatherRows(t, index));
      this.encKvSources = [...sources];
    }
  }

  /**
   * The last position's logits of `rows` rows into the logits buffer from row `rowOffset`, or the
   * output itself when `direct` and it already is [rows, nVocab] float32.
   */
  private lastLogits(logits: OrtTensor, rows: number, seq: number, rowOffset: number, direct: boolean): Float32Array {
    const V = logits.dims[2];
    const data = logits.data as FloatData;
    if (direct && seq === 1 && data instanceof Float32Array) return data;
    const total = Math.max(this.rowSources.length, rowOffset + rows) * V;
    if (this.logitsBuf.length < total) {
      const grown = new Float32Array(total);
      grown.set(this.logitsBuf.subarray(0, rowOffset * V));
      this.logitsBuf = grown;
    }
    for (let r = 0; r < rows; r++) {
      const src = (r * seq + seq - 1) * V;
      const dst = (rowOffset + r) * V;
      if (data instanceof Float32Array) this.logitsBuf.set(data.subarray(src, src + V), dst);
      else float16ToFloat32(data.subarray(src, src + V), this.logitsBuf.subarray(dst, dst + V));
    }
    return this.logitsBuf.subarray(rowOffset * V, (rowOffset + rows) * V);
  }

  dispose(): void {
    if (!this.disposed) this.pool.give(this.encKvBuffers);
    this.disposed = true;
    this.past = null;
    this.encKv = null;
    this.encKvBuffers = new Map();
  }
}

function presentName(pastName: string): string {
  return `present.${pastName.slice('past_key_values.'.length)}`;
}

function pastNames(session: OrtSession, kind: 'decoder' | 'encoder'): string[] {
  return session.inputNames.filter((n) => n.startsWith('past_key_values.') && n.includes(`.${kind}.`));
}

export class OnnxWhisperExecutor implements WhisperExecutor {
  readonly name: string;
  /** Cross-attention K/V buffers handed from one decoding run to the next. */
  private readonly kvPool = new BufferPool();
  private constructor(
    readonly dims: WhisperDims,
    private readonly encoder: OrtSession,
    private readonly layout: DecoderLayout,
    private readonly melType: FloatType,
    device: string,
  ) {
    this.name = `onnx:${device}`;
  }

  /** Open the sessions; the merged decoder is used when given, else the split pair. */
  static async create(
    files: OnnxWhisperModelFiles,
    dims: WhisperDims,
    options: SessionOptions = {},
  ): Promise<OnnxWhisperExecutor> {
    if (!files.decoderMerged && !(files.decoder && files.decoderWithPast)) {
      throw new WhisperxError(
        'model',
        `${files.encoder}: no decoder given; need decoder_model_merged.onnx or decoder_model.onnx + decoder_with_past_model.onnx.`,
      );
    }
    // No memory pattern for the encoder: its plan (all attention scratch at once) would stay
    // resident in the arena; the speed is the same without it.
    const encoder = await createSession(files.encoder, { ...options, memPattern: false });
    const opened: OrtSession[] = [encoder];
    try {
      let first: OrtSession;
      let cached: OrtSession;
      if (files.decoderMerged) {
        first = cached = await createSession(files.decoderMerged, options);
        opened.push(first);
      } else {
        first = await createSession(files.decoder!, options);
        opened.push(first);
        cached = await createSession(files.decoderWithPast!, options);
        opened.push(cached);
      }
      const merged = Boolean(files.decoderMerged);
      const decoderPasts = pastNames(cached, 'decoder');
      const encoderPasts = pastNames(cached, 'encoder');
      if (decoderPasts.length !== 2 * dims.nTextLayer || encoderPasts.length !== 2 * dims.nTextLayer) {
        throw new WhisperxError(
          'model',
          `${files.decoderMerged ?? files.decoderWithPast}: expected ${2 * dims.nTextLayer} decoder and encoder past_key_values inputs (decoder_layers ${dims.nTextLayer} in config.json), found ${decoderPasts.length} and ${encoderPasts.length}.`,
        );
      }
      const layout: DecoderLayout = {
        first,
        cached,
        merged,
        decoderPasts,
        encoderPasts,
        floatType: elementType(cached, decoderPasts[0], 'input'),
        logitsType: elementType(first, 'logits', 'output'),
      };
      const melType = elementType(encoder, 'input_features', 'input');
      return new OnnxWhisperExecutor(dims, encoder, layout, melType, options.device ?? 'cpu');
    } catch (error) {
      for (const s of opened) await releaseSession(s);
      throw error;
    }
  }

  async encode(mel: Float32Array, batchSize: number): Promise<EncodedBatch> {
    const frames = mel.length / (batchSize * this.dims.nMels);
    if (!Number.isInteger(frames) || frames <= 0) {
      throw new WhisperxError(
        'usage',
        `encode: mel has ${mel.length} values, not a multiple of batch ${batchSize} x ${this.dims.nMels} mel bins.`,
      );
    }
    const data = toType(this.melType, mel);
    const perRow = this.dims.nMels * frames;
    if (batchSize <= ENCODER_ROWS_PER_RUN) {
      const out = await this.encoder.run({
        input_features: floatTensor(this.melType, data, [batchSize, this.dims.nMels, frames]),
      });
      return new OnnxEncoded(batchSize, out.last_hidden_state);
    }
    // Rows are independent: encode them a few at a time and join the states, so the attention
    // scratch ([rows, heads, 1500, 1500] scores, ~430 MB per 8 tiny rows) stays small.
    let states: FloatData | null = null;
    let dims: number[] = [];
    let type: FloatType = 'float32';
    for (let r = 0; r < batchSize; r += ENCODER_ROWS_PER_RUN) {
      const rows = Math.min(ENCODER_ROWS_PER_RUN, batchSize - r);
      const input = floatTensor(this.melType, data.subarray(r * perRow, (r + rows) * perRow), [
        rows,
        this.dims.nMels,
        frames,
      ]);
      const part = (await this.encoder.run({ input_features: input })).last_hidden_state;
      const partData = part.data as FloatData;
      if (!states) {
        const stride = partData.length / rows;
        states =
          partData instanceof Uint16Array ? new Uint16Array(batchSize * stride) : new Float32Array(batchSize * stride);
        dims = [batchSize, ...part.dims.slice(1)];
        type = part.type as FloatType;
      }
      states.set(partData, (r * states.length) / batchSize);
    }
    return new OnnxEncoded(batchSize, floatTensor(type, states!, dims));
  }

  startDecode(encoded: EncodedBatch, rowSources: readonly number[]): DecodeSession {
    if (!(encoded instanceof OnnxEncoded))
      throw new WhisperxError('runtime', 'startDecode: the batch was not encoded by this executor.');
    for (const s of rowSources) {
      if (!(s >= 0 && s < encoded.batchSize)) throw new RangeError(`startDecode: row source ${s} out of range`);
    }
    return new OnnxDecodeSession(this.layout, this.dims, encoded, rowSources, this.kvPool);
  }

  /** Raw encoder output [batchSize, nAudioCtx, dModel] as float32 (tests and tools). */
  encodedStates(encoded: EncodedBatch): Float32Array {
    const states = (encoded as OnnxEncoded).states;
    if (!states) throw new WhisperxError('runtime', 'encodedStates: the batch was disposed.');
    const data = states.data as FloatData;
    return data instanceof Float32Array ? data : float16ToFloat32(data);
  }

  async dispose(): Promise<void> {
    this.kvPool.clear();
    await releaseSession(this.encoder);
    await releaseSession(this.layout.first);
    if (this.layout.cached !== this.layout.first) await releaseSession(this.layout.cached);
  }
}
