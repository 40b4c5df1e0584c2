/**
 * How many windows one decoding pass may run together. Every decoder row (a window's beam or
 * sample) holds its own cross-attention K/V (layers x 2 x 1500 x d_model floats: tiny 18 MB,
 * large-v3 491 MB) plus its self-attention cache, so a batch of 8 windows with beam 5 is 40 rows:
 * 0.9 GB of caches for tiny, 25 GB for large-v3. Passes are split so the caches stay within a
 * budget that scales with the model — the larger of 1 GiB and the model's own float32 weights —
 * and never below one window. Rows are independent, so splitting changes no result (sampling
 * draws from the same generator, in a different order).
 */
import type { WhisperDims } from './executor.js';

/** Decoder cache budget floor, bytes (tiny and base keep 8 windows x 5 beams in one pass). */
export const DECODER_CACHE_FLOOR_BYTES = 1024 * 1024 * 1024;

/**
 * Bytes of one decoder row's caches (float32 K and V): cross-attention over the 1500 encoder
 * frames plus self-attention at its usual length, half the context (224 tokens, the default
 * maxNewTokens).
 */
export function decoderRowBytes(dims: WhisperDims): number {
  return dims.nTextLayer * 2 * (dims.nAudioCtx + Math.floor(dims.nTextCtx / 2)) * dims.dModel * 4;
}

/** Approximate float32 weight bytes (attention 4d², MLP 8d² per layer; cross-attention 4d² more; embeddings). */
export function modelWeightBytes(dims: WhisperDims): number {
  const d2 = dims.dModel * dims.dModel;
  const params = dims.nAudioLayer * 12 * d2 + dims.nTextLayer * 16 * d2 + dims.nVocab * dims.dModel;
  return params * 4;
}

/** Most decoder rows of one pass for this model. */
export function maxDecoderRows(dims: WhisperDims): number {
  const budget = Math.max(DECODER_CACHE_FLOOR_BYTES, modelWeightBytes(dims));
  return Math.max(1, Math.floor(budget / decoderRowBytes(dims)));
}

/**
 * Split `windows` windows of `rowsPerWindow` rows each into even groups of at most `maxRows`
 * rows (at least one window per group): the group sizes, in order.
 */
export function passGroups(windows: number, rowsPerWindow: number, maxRows: number): number[] {
  if (windows <= 0) return [];
  const perGroup = Math.max(1, Math.floor(maxRows / Math.max(1, rowsPerWindow)));
  const groups = Math.ceil(windows / perGroup);
  const base = Math.floor(windows / groups);
  const extra = windows % groups;
  return Array.from({ length: groups }, (_, g) => base + (g < extra ? 1 : 0));
}
