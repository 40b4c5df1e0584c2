/**
 * Logit filters: rules that forbid tokens (set their score to -Infinity) before a token is
 * picked, applied to one row's next-token scores in place, in the order Hugging Face's Whisper
 * generation applies its processors: begin-suppress, suppress, timestamp rules.
 */
import { logSumExp } from './score-math.js';

export interface LogitFilter {
  /**
   * `scores`: one row's next-token scores [nVocab] (logits, or log-probabilities in beam search),
   * changed in place. `generated`: the row's tokens after the prompt.
   */
  apply(scores: Float32Array, generated: readonly number[]): void;
}

/** Forbid `ids` at the first generated position (blank + EOS: `suppress_blank`). */
export class SuppressAtBegin implements LogitFilter {
  constructor(private readonly ids: readonly number[]) {}
  apply(scores: Float32Array, generated: readonly number[]): void {
    if (generated.length !== 0) return;
    for (const id of this.ids) if (id >= 0 && id < scores.length) scores[id] = -Infinity;
  }
}

/** Forbid `ids` at every position. */
export class SuppressTokens implements LogitFilter {
  private readonly ids: Int32Array;
  constructor(ids: Iterable<number>) {
    this.ids = Int32Array.from(new Set(ids));
  }
  apply(scores: Float32Array): void {
    for (const id of this.ids) if (id >= 0 && id < scores.length) scores[id] = -Infinity;
  }
}

export interface TimestampRuleIds {
  /** `<|endoftext|>`: ids below it are text. */
  eot: number;
  /** `<|notimestamps|>`. */
  noTimestamps: number;
  /** First timestamp id. */
  timestampBegin: number;
  /** Last timestamp index allowed as the first token; null = no limit. */
  maxInitialTimestampIndex: number | null;
}

/**
 * Whisper's timestamp grammar: timestamps come in pairs (except the last one), never go
 * backwards, the first token is a timestamp no later than the initial limit, and a timestamp is
 * forced whenever all timestamps together are more probable than the likeliest text token.
 */
export class ApplyTimestampRules implements LogitFilter {
  constructor(private readonly ids: TimestampRuleIds) {}

  apply(scores: Float32Array, generated: readonly number[]): void {
    const { eot, noTimestamps, timestampBegin: ts, maxInitialTimestampIndex } = this.ids;
    const n = scores.length;
    scores[noTimestamps] = -Infinity;
    const len = generated.length;
    const lastWasTs = len >= 1 && generated[len - 1] >= ts;
    const penultimateWasTs = len < 2 || generated[len - 2] >= ts;
    if (lastWasTs) {
      if (penultimateWasTs) scores.fill(-Infinity, ts, n);
      else scores.fill(-Infinity, 0, eot);
    }
    let lastTs = -1;
    for (let i = len - 1; i >= 0; i--) {
      if (generated[i] >= ts) {
        lastTs = generated[i];
        break;
      }
    }
    if (lastTs >= 0) {
      // a lone timestamp may be repeated (it closes its pair); otherwise strictly increasing
      const upTo = lastWasTs && !penultimateWasTs ? lastTs : lastTs + 1;
      scores.fill(-Infinity, ts, Math.min(upTo, n));
    }
    if (len === 0) {
      scores.fill(-Infinity, 0, ts);
      if (maxInitialTimestampIndex !== null) scores.fill(-Infinity, Math.min(ts + maxInitialTimestampIndex + 1, n), n);
    }
    // timestamp if its total probability beats every single text token
    const total = logSumExp(scores, 0, n);
    const tsMass = logSumExp(scores, ts, n) - total;
    let maxText = -Infinity;
    for (let i = 0; i < ts; i++) if (scores[i] > maxText) maxText = scores[i];
    if (tsMass > maxText - total) scores.fill(-Infinity, 0, ts);
  }
}
