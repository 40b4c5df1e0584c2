/**
 * The contract between the one decoding policy (core/whisper) and a backend that runs the
 * Whisper network (onnx in core, mlx in native-mlx). A backend is only a model executor: it
 * encodes mel batches and returns next-token logits; it never picks tokens.
 */

/** Model dimensions (Hugging Face config names in comments). */
export interface WhisperDims {
  /** num_mel_bins: 80 or 128. */
  nMels: number;
  /** vocab_size (51865 multilingual, 51864 .en, 51866 large-v3). */
  nVocab: number;
  /** max_source_positions: encoder frames per 30 s window (1500). */
  nAudioCtx: number;
  /** d_model. */
  dModel: number;
  /** max_target_positions (448). */
  nTextCtx: number;
  /** decoder_layers. */
  nTextLayer: number;
  /** decoder_attention_heads. */
  nTextHead: number;
  /** encoder_layers. */
  nAudioLayer: number;
}

/** Encoder output for a batch of windows. Opaque to the policy; owned by the backend. */
export interface EncodedBatch {
  /** Number of windows encoded. */
  readonly batchSize: number;
  /** Free the backend's memory for it (idempotent). */
  dispose(): void;
}

/**
 * A decoding run over rows that each point at one encoded window. Rows are what the policy
 * decodes together: windows of a batch, or beam hypotheses (several rows per window).
 */
export interface DecodeSession {
  /** Live rows now. */
  readonly rows: number;
  /**
   * Feed `tokensPerRow` new tokens for every live row (`tokens` is [rows, tokensPerRow],
   * row-major) and return the logits of each row's last position: [rows, nVocab], row-major.
   * The first call feeds the whole prompt; later calls usually one token per row.
   * The returned array may be reused by the next call: copy what must be kept.
   */
  step(tokens: Int32Array, tokensPerRow: number): Promise<Float32Array>;
  /**
   * Keep only the given rows, in the given order (indices into the current rows; an index may
   * repeat, as when beams fork). Subsequent steps have `rowIndices.length` rows.
   */
  select(rowIndices: readonly number[]): void;
  /** Free the caches (idempotent). */
  dispose(): void;
}

export interface WhisperExecutor {
  readonly dims: WhisperDims;
  /** Short label for logs and benchmarks, e.g. "onnx:cpu" or "mlx:gpu". */
  readonly name: string;
  /** Encode log-mel windows: `mel` is [batchSize, nMels, 3000] row-major. */
  encode(mel: Float32Array, batchSize: number): Promise<EncodedBatch>;
  /**
   * Start decoding: row r reads encoded window `rowSources[r]` (so [0,0,0,0,0,1,1,1,1,1] decodes
   * two windows with five beams each).
   */
  startDecode(encoded: EncodedBatch, rowSources: readonly number[]): DecodeSession;
  /** Release all sessions / device memory. */
  dispose(): Promise<void>;
}
