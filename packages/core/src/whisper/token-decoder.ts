/**
 * The strategy interface between the decoding main loop (decode-pass.ts) and the ways of picking
 * tokens (greedy/sampling in sampling-decoder.ts, beam search in beam-search.ts).
 */
import type { LogitFilter } from './logit-filters.js';

/** One finished hypothesis of a window. */
export interface Hypothesis {
  /** Generated ids, EOS included when it ended with EOS. */
  tokens: number[];
  /** Summed log-probabilities of the tokens (as the ranking saw them). */
  sumLogprob: number;
  /** sumLogprob / tokens.length ** lengthPenalty. */
  score: number;
  /** True when the last token is EOS. */
  endedWithEos: boolean;
}

/** Which rows continue after a step, and with which next token each. */
export interface DecoderStep {
  keep: number[];
  next: Int32Array;
}

export interface TokenDecoder {
  /** Window index (into the pass' windows) of each decoder row at the start. */
  initialRows(windowCount: number): number[];
  /**
   * Consume the logits [rows, nVocab] of the live rows (changed in place by the filters), pick
   * tokens, and say which rows continue (`keep`, indices into the current rows, possibly
   * repeated) with which next token each (`next`). null when every window is finished.
   */
  update(logits: Float32Array): DecoderStep | null | Promise<DecoderStep | null>;
  /** The best hypothesis per window, in window order. */
  finalize(): Hypothesis[];
}

/** What every strategy needs to know. */
export interface DecoderSettings {
  /** Vocabulary size (logits row length). */
  nVocab: number;
  /** End-of-text id. */
  eot: number;
  /** Most tokens generated per window (EOS included). */
  maxNewTokens: number;
  /** Ranking exponent: score = sumLogprob / length ** lengthPenalty. */
  lengthPenalty: number;
  /** Filters applied in order to every row's scores. */
  filters: readonly LogitFilter[];
}

export function lengthNormalized(sumLogprob: number, length: number, lengthPenalty: number): number {
  return sumLogprob / length ** lengthPenalty;
}

export function applyFilters(
  filters: readonly LogitFilter[],
  scores: Float32Array,
  generated: readonly number[],
): void {
  for (const f of filters) f.apply(scores, generated);
}
