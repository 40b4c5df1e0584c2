/**
 * Types of the compiled addon (build/Release/whisperx_mlx.node, src/native/mlx/addon.cpp) and of the
 * TypeScript surface around it. Shapes are row-major; "rows" are decoding rows (windows x beams).
 */
import type { ModelDims } from './config.js';
import type { WeightLayout } from './weight-names.js';

/** Compute dtype of the float weights and activations. */
export type MlxDtype = 'float16' | 'bfloat16' | 'float32';

export interface LoadWhisperOptions {
  /**
   * Float dtype for weights and activations. Default: 'float16' on Apple Silicon (the GPU),
   * 'float32' elsewhere (CPU), see `defaultDtype()`.
   */
  dtype?: MlxDtype;
  /**
   * Quantize linear layers and the token embedding at load time: 0 = keep the stored weights
   * (already-quantized mlx-community files stay quantized), 4 or 8 = quantize float weights.
   * Default 0.
   */
  quantBits?: 0 | 4 | 8;
  /** Quantization group size (32, 64 or 128). Default 64 (MLX's default). */
  groupSize?: 32 | 64 | 128;
  /**
   * [decoder layer, head] pairs whose cross-attention weights `decode` returns when asked.
   * Default: config.json / generation_config.json `alignment_heads`, else the upper half of the
   * decoder (openai-whisper's default).
   */
  alignmentHeads?: [number, number][];
}

/** What was loaded. */
export interface MlxModelInfo {
  dims: ModelDims;
  /** Naming of the checkpoint on disk. */
  layout: WeightLayout;
  /** Weights file that was read. */
  weightsFile: string;
  dtype: MlxDtype;
  /** 0 = float weights; else bits of the quantized linear layers. */
  quantBits: number;
  /** Group size of the quantized layers (0 for float weights). */
  groupSize: number;
  alignmentHeads: [number, number][];
  /** MLX version the addon was built against, e.g. "0.29.1". */
  mlxVersion: string;
  /** "gpu" (Metal) or "cpu". */
  device: string;
}

/** Result of one decoder step. */
export interface DecodeStepResult {
  /** [rows, nVocab] float32 logits at each row's last new position. */
  logits: Float32Array;
  /**
   * With `withAlignment`: cross-attention weights of the alignment heads for the new positions,
   * [rows, alignmentHeads.length, tokensPerRow, nAudioCtx] float32 (softmax over the audio frames).
   */
  crossAttention?: Float32Array;
}

/** Encoder output held on the device. */
export interface MlxEncoded {
  readonly batchSize: number;
  dispose(): void;
}

/** Self-attention KV cache + per-batch cross-attention K/V for a set of rows. */
export interface MlxDecodeState {
  /** Live rows. */
  readonly rows: number;
  /** Tokens already in the cache per row. */
  readonly length: number;
  /** Keep rows `rowIndices` in that order (indices may repeat, as when beams fork). */
  select(rowIndices: Int32Array): void;
  dispose(): void;
}

export interface MlxWhisperModel {
  readonly info: MlxModelInfo;
  /** Encode `mel` [batchSize, nMels, 3000] float32 (the layout core's feature extractor writes). */
  encode(mel: Float32Array, batchSize: number): Promise<MlxEncoded>;
  /** The encoder's last hidden states of `encoded`, [batchSize, nAudioCtx, nAudioState] float32. */
  encoderStates(encoded: MlxEncoded): Promise<Float32Array>;
  /** A decoding state whose row r reads window `rowSources[r]` of `encoded`. */
  startDecode(encoded: MlxEncoded, rowSources: Int32Array): MlxDecodeState;
  /**
   * Feed `tokens` [rows, tokensPerRow] (int32) and return the next-token logits. The self-attention
   * cache is preallocated to nTextCtx positions; cross K/V are computed on the first step.
   */
  decode(
    tokens: Int32Array,
    tokensPerRow: number,
    state: MlxDecodeState,
    options?: { withAlignment?: boolean },
  ): Promise<DecodeStepResult>;
  /** Free the weights (idempotent); later calls throw. */
  dispose(): void;
}

/** The addon's exports. */
export interface NativeAddon {
  mlxVersion(): string;
  loadWhisper(
    dir: string,
    options: Required<Omit<LoadWhisperOptions, 'alignmentHeads'>> & { alignmentHeads?: [number, number][] },
  ): Promise<MlxWhisperModel>;
}

export interface Availability {
  available: boolean;
  /** Why not (one line), when not available. */
  reason?: string;
}
