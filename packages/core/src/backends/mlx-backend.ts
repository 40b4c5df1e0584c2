/**
 * The MLX backend: the executor contract (whisper/executor.ts) on top of @whisperx-ts/native-mlx.
 * The native package is loaded with a dynamic import so core never hard-depends on it; where it is
 * missing or unbuilt (no MLX installed: macOS or Linux), `assertMlxAvailable` and creating the
 * executor raise one 'unavailable' error that says how to get it, and `pickBackend('auto')`
 * chooses ONNX.
 */
import { WhisperxError } from '../errors.js';
import type { DecodeSession, EncodedBatch, WhisperDims, WhisperExecutor } from '../whisper/executor.js';

/** The parts of @whisperx-ts/native-mlx used here (structural: core has no type dependency on it). */
export interface MlxNativeModule {
  isAvailable(): { available: boolean; reason?: string };
  loadWhisper(dir: string, options: MlxLoadOptions): Promise<MlxNativeModel>;
}

export interface MlxLoadOptions {
  dtype?: 'float16' | 'bfloat16' | 'float32';
  quantBits?: 0 | 4 | 8;
  groupSize?: 32 | 64 | 128;
  alignmentHeads?: [number, number][];
}

export interface MlxNativeModel {
  readonly info: {
    dims: {
      nMels: number;
      nVocab: number;
      nAudioCtx: number;
      nTextState: number;
      nTextCtx: number;
      nTextLayer: number;
      nTextHead: number;
      nAudioLayer: number;
    };
    dtype: string;
    quantBits: number;
    device: string;
    alignmentHeads: [number, number][];
  };
  encode(mel: Float32Array, batchSize: number): Promise<MlxNativeEncoded>;
  encoderStates(encoded: MlxNativeEncoded): Promise<Float32Array>;
  startDecode(encoded: MlxNativeEncoded, rowSources: Int32Array): MlxNativeState;
  decode(
    tokens: Int32Array,
    tokensPerRow: number,
    state: MlxNativeState,
    options?: { withAlignment?: boolean },
  ): Promise<{ logits: Float32Array; crossAttention?: Float32Array }>;
  dispose(): void;
}

export interface MlxNativeEncoded {
  readonly batchSize: number;
  dispose(): void;
}

export interface MlxNativeState {
  readonly rows: number;
  select(rowIndices: Int32Array): void;
  dispose(): void;
}

export interface MlxExecutorOptions extends MlxLoadOptions {
  /**
   * Ask for the alignment heads' cross-attention on every step; each session then exposes the last
   * step's weights as `crossAttention` ([rows, heads, tokensPerRow, nAudioCtx]). Default false.
   */
  withAlignment?: boolean;
  /** Loads the native module. Default: dynamic import of '@whisperx-ts/native-mlx' (tests inject a fake). */
  loadModule?: () => Promise<MlxNativeModule>;
}

/** A decode session of the MLX executor: the contract plus the last step's alignment-head weights. */
export interface MlxDecodeSession extends DecodeSession {
  /** Set after each step when the executor was created with `withAlignment`. */
  readonly crossAttention: Float32Array | undefined;
}

export interface MlxWhisperExecutor extends WhisperExecutor {
  startDecode(encoded: EncodedBatch, rowSources: readonly number[]): MlxDecodeSession;
  /** [decoder layer, head] pairs the cross-attention weights come from, in output order. */
  readonly alignmentHeads: readonly [number, number][];
  /** The encoder's last hidden states of a batch, [batchSize, nAudioCtx, dModel] float32. */
  encoderStates(encoded: EncodedBatch): Promise<Float32Array>;
}

const NATIVE_PACKAGE = '@whisperx-ts/native-mlx';

async function importNative(): Promise<MlxNativeModule> {
  const specifier: string = NATIVE_PACKAGE;
  return (await import(/* @vite-ignore */ specifier)) as MlxNativeModule;
}

function unavailable(reason: string): WhisperxError {
  return new WhisperxError(
    'unavailable',
    `--backend mlx needs MLX (macOS: brew install mlx or pip install mlx; Linux: pip install 'mlx[cpu]==0.32.*'), then rebuild ${NATIVE_PACKAGE} with PYTHON=<that python> pnpm --filter ${NATIVE_PACKAGE} run build:native (${reason})`,
  );
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** The native module when it is installed and usable, else the one-line reason. */
async function probeNative(
  loadModule: () => Promise<MlxNativeModule>,
): Promise<{ module: MlxNativeModule } | { reason: string }> {
  let module: MlxNativeModule;
  try {
    module = await loadModule();
  } catch (error) {
    return { reason: `${NATIVE_PACKAGE} is not installed: ${firstLine(error)}` };
  }
  const a = module.isAvailable();
  return a.available ? { module } : { reason: a.reason ?? 'not available' };
}

/**
 * Throws the one-line 'unavailable' error when the MLX executor cannot be created here; call it
 * before resolving or downloading a model for the MLX backend.
 */
export async function assertMlxAvailable(loadModule: () => Promise<MlxNativeModule> = importNative): Promise<void> {
  const probe = await probeNative(loadModule);
  if ('reason' in probe) throw unavailable(probe.reason);
}

/** Load a Whisper model folder (mlx-community or Hugging Face layout) as an MLX executor. */
export async function createMlxExecutor(dir: string, options: MlxExecutorOptions = {}): Promise<MlxWhisperExecutor> {
  const probe = await probeNative(options.loadModule ?? importNative);
  if ('reason' in probe) throw unavailable(probe.reason);
  const { withAlignment = false, loadModule: _loader, ...load } = options;
  let model: MlxNativeModel;
  try {
    model = await probe.module.loadWhisper(dir, load);
  } catch (error) {
    throw new WhisperxError('model', `${dir}: ${firstLine(error)}`, { cause: error });
  }
  return new MlxExecutor(model, withAlignment);
}

class MlxExecutor implements MlxWhisperExecutor {
  readonly dims: WhisperDims;
  readonly name: string;
  readonly alignmentHeads: readonly [number, number][];
  #model: MlxNativeModel | undefined;
  readonly #withAlignment: boolean;
  readonly #encoded = new Map<EncodedBatch, MlxNativeEncoded>();
  readonly #sessions = new Set<MlxDecodeSession>();

  constructor(model: MlxNativeModel, withAlignment: boolean) {
    const d = model.info.dims;
    this.dims = {
      nMels: d.nMels,
      nVocab: d.nVocab,
      nAudioCtx: d.nAudioCtx,
      dModel: d.nTextState,
      nTextCtx: d.nTextCtx,
      nTextLayer: d.nTextLayer,
      nTextHead: d.nTextHead,
      nAudioLayer: d.nAudioLayer,
    };
    const quant = model.info.quantBits > 0 ? `:q${model.info.quantBits}` : '';
    this.name = `mlx:${model.info.device}:${model.info.dtype}${quant}`;
    this.alignmentHeads = model.info.alignmentHeads;
    this.#model = model;
    this.#withAlignment = withAlignment;
  }

  #live(): MlxNativeModel {
    if (!this.#model) throw new WhisperxError('runtime', 'The MLX executor was disposed; create a new one.');
    return this.#model;
  }

  async encode(mel: Float32Array, batchSize: number): Promise<EncodedBatch> {
    const model = this.#live();
    const expected = batchSize * this.dims.nMels * 2 * this.dims.nAudioCtx;
    if (!Number.isInteger(batchSize) || batchSize <= 0 || mel.length !== expected) {
      throw new WhisperxError(
        'runtime',
        `MLX encode: mel has ${mel.length} values, expected batchSize x ${this.dims.nMels} x ${2 * this.dims.nAudioCtx} = ${expected}.`,
      );
    }
    const native = await model.encode(mel, batchSize);
    const encoded: EncodedBatch = {
      batchSize: native.batchSize,
      dispose: () => {
        if (this.#encoded.delete(encoded)) native.dispose();
      },
    };
    this.#encoded.set(encoded, native);
    return encoded;
  }

  async encoderStates(encoded: EncodedBatch): Promise<Float32Array> {
    const model = this.#live();
    const native = this.#encoded.get(encoded);
    if (!native) throw new WhisperxError('runtime', 'MLX encoderStates: the encoded batch was disposed.');
    return model.encoderStates(native);
  }

  startDecode(encoded: EncodedBatch, rowSources: readonly number[]): MlxDecodeSession {
    const model = this.#live();
    const native = this.#encoded.get(encoded);
    if (!native)
      throw new WhisperxError(
        'runtime',
        'MLX startDecode: the encoded batch was disposed or belongs to another executor.',
      );
    for (const s of rowSources) {
      if (!Number.isInteger(s) || s < 0 || s >= encoded.batchSize) {
        throw new WhisperxError(
          'runtime',
          `MLX startDecode: row source ${s} is outside the encoded batch of ${encoded.batchSize}.`,
        );
      }
    }
    if (rowSources.length === 0) throw new WhisperxError('runtime', 'MLX startDecode: no rows.');
    const state = model.startDecode(native, Int32Array.from(rowSources));
    const withAlignment = this.#withAlignment;
    const sessions = this.#sessions;
    let cross: Float32Array | undefined;
    let disposed = false;
    const session: MlxDecodeSession = {
      get rows() {
        return state.rows;
      },
      get crossAttention() {
        return cross;
      },
      async step(tokens: Int32Array, tokensPerRow: number): Promise<Float32Array> {
        if (disposed) throw new WhisperxError('runtime', 'MLX step: the decode session was disposed.');
        if (tokens.length !== state.rows * tokensPerRow) {
          throw new WhisperxError(
            'runtime',
            `MLX step: ${tokens.length} tokens for ${state.rows} rows x ${tokensPerRow}.`,
          );
        }
        const r = await model.decode(tokens, tokensPerRow, state, withAlignment ? { withAlignment: true } : undefined);
        cross = r.crossAttention;
        return r.logits;
      },
      select(rowIndices: readonly number[]): void {
        if (disposed) throw new WhisperxError('runtime', 'MLX select: the decode session was disposed.');
        state.select(Int32Array.from(rowIndices));
      },
      dispose(): void {
        if (disposed) return;
        disposed = true;
        cross = undefined;
        sessions.delete(session);
        state.dispose();
      },
    };
    sessions.add(session);
    return session;
  }

  async dispose(): Promise<void> {
    const model = this.#model;
    if (!model) return;
    for (const s of [...this.#sessions]) s.dispose();
    for (const e of [...this.#encoded.keys()]) e.dispose();
    this.#model = undefined;
    model.dispose();
  }
}

/** Backend names the CLI and the library accept. */
export type BackendChoice = 'auto' | 'onnx' | 'mlx';

/** Where pickBackend looks; defaults describe this process. */
export interface BackendProbe {
  /** Default process.platform. */
  platform?: NodeJS.Platform;
  /** Default process.arch. */
  arch?: string;
  /** Default: dynamic import of '@whisperx-ts/native-mlx'. */
  loadModule?: () => Promise<MlxNativeModule>;
}

/**
 * Resolve a backend choice: 'onnx' and 'mlx' are kept as asked (an unusable 'mlx' fails later in
 * createMlxExecutor with the reason); 'auto' is 'mlx' on darwin-arm64 when native-mlx is available
 * (the Metal GPU), else 'onnx': on CPUs (Linux, Intel Macs) the ONNX backend is the faster one
 * (BENCHMARKS.md "MLX on Linux").
 */
export async function pickBackend(choice: BackendChoice, probe: BackendProbe = {}): Promise<'onnx' | 'mlx'> {
  if (choice === 'onnx' || choice === 'mlx') return choice;
  if (choice !== 'auto') {
    throw new WhisperxError('usage', `--backend must be auto, onnx or mlx (got "${String(choice)}").`);
  }
  const platform = probe.platform ?? process.platform;
  const arch = probe.arch ?? process.arch;
  if (platform !== 'darwin' || arch !== 'arm64') return 'onnx';
  const native = await probeNative(probe.loadModule ?? importNative);
  return 'module' in native ? 'mlx' : 'onnx';
}
