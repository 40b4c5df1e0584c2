/**
 * Greedy decoding (temperature 0) and sampling (temperature > 0, `count` samples per window,
 * the best ranked kept): every row decodes on its own; finished rows leave the batch.
 * Log-probabilities are those of the filtered logits (temperature not applied), as openai/whisper.
 */
import { argmaxLogSumExp, logSumExp } from './score-math.js';
import {
  applyFilters,
  lengthNormalized,
  type DecoderSettings,
  type Hypothesis,
  type TokenDecoder,
} from './token-decoder.js';

interface Row {
  window: number;
  tokens: number[];
  sumLogprob: number;
  done: boolean;
}

export class SamplingDecoder implements TokenDecoder {
  private rows: Row[] = [];
  /** Scratch for argmaxLogSumExp's second result. */
  private readonly lse = new Float64Array(1);
  /** Indices into `rows` of the rows live in the executor, in its order. */
  private live: number[] = [];

  /**
   * @param temperature 0 = greedy (argmax); > 0 = sample from softmax(logits / temperature).
   * @param count rows per window (bestOf when sampling, 1 when greedy).
   * @param random uniform [0, 1) generator for sampling.
   */
  constructor(
    private readonly settings: DecoderSettings,
    private readonly temperature: number,
    private readonly count: number,
    private readonly random: () => number,
  ) {}

  initialRows(windowCount: number): number[] {
    const out: number[] = [];
    for (let w = 0; w < windowCount; w++) for (let k = 0; k < this.count; k++) out.push(w);
    this.rows = out.map((window) => ({ window, tokens: [], sumLogprob: 0, done: false }));
    this.live = out.map((_, i) => i);
    return out;
  }

  update(logits: Float32Array): { keep: number[]; next: Int32Array } | null {
    const { nVocab, eot, maxNewTokens, filters } = this.settings;
    const keep: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < this.live.length; i++) {
      const row = this.rows[this.live[i]];
      const scores = logits.subarray(i * nVocab, (i + 1) * nVocab);
      applyFilters(filters, scores, row.tokens);
      let token: number;
      let lse: number;
      if (this.temperature > 0) {
        token = this.sample(scores);
        lse = logSumExp(scores);
      } else {
        token = argmaxLogSumExp(scores, this.lse);
        lse = this.lse[0];
      }
      row.sumLogprob += scores[token] - lse;
      row.tokens.push(token);
      if (token === eot || row.tokens.length >= maxNewTokens) row.done = true;
      else {
        keep.push(i);
        next.push(token);
      }
    }
    this.live = keep.map((i) => this.live[i]);
    return keep.length ? { keep, next: Int32Array.from(next) } : null;
  }

  private sample(scores: Float32Array): number {
    let max = -Infinity;
    for (let v = 0; v < scores.length; v++) if (scores[v] > max) max = scores[v];
    let total = 0;
    for (let v = 0; v < scores.length; v++) total += Math.exp((scores[v] - max) / this.temperature);
    let u = this.random() * total;
    let last = 0;
    for (let v = 0; v < scores.length; v++) {
      if (scores[v] === -Infinity) continue;
      last = v;
      u -= Math.exp((scores[v] - max) / this.temperature);
      if (u < 0) return v;
    }
    return last;
  }

  finalize(): Hypothesis[] {
    const { eot, lengthPenalty } = this.settings;
    const best: Hypothesis[] = [];
    for (const row of this.rows) {
      const score = lengthNormalized(row.sumLogprob, row.tokens.length, lengthPenalty);
      const current = best[row.window];
      if (!current || score > current.score) {
        best[row.window] = {
          tokens: row.tokens,
          sumLogprob: row.sumLogprob,
          score,
          endedWithEos: row.tokens.at(-1) === eot,
        };
      }
    }
    return best;
  }
}
