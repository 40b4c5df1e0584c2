/**
 * Greedy decoding (temperature 0) and sampling (temperature > 0, `count` samples per window,
 * the best ranked kept): every row decodes on its own; finished rows leave the batch.
 * Log-probabilities are those of the filtered logits (temperature not applied), as openai/whisper.
 */
import { JsScoreKernels, type GreedyPicks, type ScoreKernels } from './score-kernels.js';
import { logSumExp } from './score-math.js';
import {
  applyFilters,
  lengthNormalized,
  type DecoderSettings,
  type DecoderStep,
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
  /** Indices into `rows` of the rows live in the executor, in its order. */
  private live: number[] = [];

  /**
   * @param temperature 0 = greedy (argmax); > 0 = sample from softmax(logits / temperature).
   * @param count rows per window (bestOf when sampling, 1 when greedy).
   * @param random uniform [0, 1) generator for sampling.
   * @param kernels argmax and log-probability of the filtered rows at temperature 0 (default: in
   *   JavaScript; the loaded model passes its onnxruntime form).
   */
  constructor(
    private readonly settings: DecoderSettings,
    private readonly temperature: number,
    private readonly count: number,
    private readonly random: () => number,
    private readonly kernels: ScoreKernels = new JsScoreKernels(),
  ) {}

  initialRows(windowCount: number): number[] {
    const out: number[] = [];
    for (let w = 0; w < windowCount; w++) for (let k = 0; k < this.count; k++) out.push(w);
    this.rows = out.map((window) => ({ window, tokens: [], sumLogprob: 0, done: false }));
    this.live = out.map((_, i) => i);
    return out;
  }

  async update(logits: Float32Array): Promise<DecoderStep | null> {
    const { nVocab, eot, maxNewTokens, filters } = this.settings;
    const rows = this.live.length;
    for (let i = 0; i < rows; i++) {
      applyFilters(filters, logits.subarray(i * nVocab, (i + 1) * nVocab), this.rows[this.live[i]].tokens);
    }
    const picks = this.temperature > 0 ? this.samplePicks(logits, rows) : await this.kernels.pick(logits, rows, nVocab);
    const keep: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < rows; i++) {
      const row = this.rows[this.live[i]];
      const token = picks.tokens[i];
      row.sumLogprob += picks.logprobs[i];
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

  /** A sampled token per row and its log-probability under the filtered scores (temperature not applied). */
  private samplePicks(logits: Float32Array, rows: number): GreedyPicks {
    const nVocab = this.settings.nVocab;
    const out = { tokens: new Int32Array(rows), logprobs: new Float64Array(rows) };
    for (let i = 0; i < rows; i++) {
      const scores = logits.subarray(i * nVocab, (i + 1) * nVocab);
      const token = this.sample(scores);
      out.tokens[i] = token;
      out.logprobs[i] = scores[token] - logSumExp(scores);
    }
    return out;
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
