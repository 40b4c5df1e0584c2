/**
 * Beam search with Hugging Face transformers' semantics (`_beam_search`, early_stopping=False):
 * per step the filters run on log_softmax(raw logits) (no renormalisation); the best
 * 2 x beamSize continuations over beams x vocabulary by accumulated log-probability are taken;
 * those among the first beamSize that end with EOS or reach the length limit become finished
 * hypotheses scored sum / generatedLength ** lengthPenalty; the best beamSize unfinished ones run
 * on. A window stops when its finished slots are full and the best running beam cannot beat the
 * worst finished one (at the current length), or at the length limit.
 * `patience` scales the number of finished slots (openai/whisper's meaning); 1 = HF.
 */
import { JsScoreKernels, type ScoreKernels } from './score-kernels.js';
import { topK } from './score-math.js';
import {
  applyFilters,
  lengthNormalized,
  type DecoderSettings,
  type DecoderStep,
  type Hypothesis,
  type TokenDecoder,
} from './token-decoder.js';

const LARGE_NEGATIVE = -1.0e9;

interface Beam {
  tokens: number[];
  /** Accumulated log-probability (LARGE_NEGATIVE added for placeholder / finished-as-running beams). */
  score: number;
}

interface WindowState {
  running: Beam[];
  finished: Hypothesis[];
  /** HF's is_early_stop_heuristic_unsatisfied: finished hypotheses may still be added. */
  open: boolean;
  done: boolean;
}

export class BeamSearchDecoder implements TokenDecoder {
  private windows: WindowState[] = [];
  private readonly slots: number;

  constructor(
    private readonly settings: DecoderSettings,
    private readonly beamSize: number,
    patience = 1,
    private readonly kernels: ScoreKernels = new JsScoreKernels(),
  ) {
    this.slots = Math.max(1, Math.round(beamSize * patience));
  }

  initialRows(windowCount: number): number[] {
    const rows: number[] = [];
    this.windows = [];
    for (let w = 0; w < windowCount; w++) {
      const running = Array.from({ length: this.beamSize }, (_, j) => ({
        tokens: [],
        score: j === 0 ? 0 : LARGE_NEGATIVE,
      }));
      this.windows.push({ running, finished: [], open: true, done: false });
      for (let j = 0; j < this.beamSize; j++) rows.push(w);
    }
    return rows;
  }

  async update(logits: Float32Array): Promise<DecoderStep | null> {
    const { nVocab, eot, maxNewTokens, lengthPenalty, filters } = this.settings;
    const beams = this.beamSize;
    const liveRows = beams * this.windows.filter((w) => !w.done).length;
    await this.kernels.logSoftmax(logits, liveRows, nVocab);
    const keep: number[] = [];
    const next: number[] = [];
    let base = 0;
    for (const state of this.windows) {
      if (state.done) continue;
      const candidates: Array<{ beam: number; token: number; acc: number }> = [];
      for (let j = 0; j < beams; j++) {
        const scores = logits.subarray((base + j) * nVocab, (base + j + 1) * nVocab);
        applyFilters(filters, scores, state.running[j].tokens);
        for (const [token, lp] of topK(scores, 2 * beams))
          candidates.push({ beam: j, token, acc: state.running[j].score + lp });
      }
      // stable sort: ties keep (beam, token) order, as the flattened topk
      candidates.sort((a, b) => b.acc - a.acc);
      candidates.length = Math.min(candidates.length, 2 * beams);
      const newLength = state.running[0].tokens.length + 1;
      const hits = candidates.map((c) => c.token === eot || newLength >= maxNewTokens);
      if (state.open) {
        for (let i = 0; i < Math.min(beams, candidates.length); i++) {
          if (!hits[i]) continue;
          const c = candidates[i];
          const tokens = [...state.running[c.beam].tokens, c.token];
          state.finished.push({
            tokens,
            sumLogprob: c.acc,
            score: lengthNormalized(c.acc, newLength, lengthPenalty),
            endedWithEos: c.token === eot,
          });
        }
        state.finished.sort((a, b) => b.score - a.score);
        state.finished.length = Math.min(state.finished.length, this.slots);
      }
      const order = candidates
        .map((c, i) => ({ c, score: c.acc + (hits[i] ? LARGE_NEGATIVE : 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, beams);
      state.running = order.map(({ c, score }) => ({ tokens: [...state.running[c.beam].tokens, c.token], score }));
      const bestPossible = lengthNormalized(state.running[0].score, newLength, lengthPenalty);
      const worstFinished =
        state.finished.length < this.slots ? LARGE_NEGATIVE : state.finished[state.finished.length - 1].score;
      state.open = state.open && bestPossible > worstFinished;
      state.done = !state.open || newLength >= maxNewTokens;
      if (!state.done) {
        for (const { c } of order) {
          keep.push(base + c.beam);
          next.push(c.token);
        }
      }
      base += beams;
    }
    return keep.length ? { keep, next: Int32Array.from(next) } : null;
  }

  finalize(): Hypothesis[] {
    const { eot, lengthPenalty } = this.settings;
    return this.windows.map((state) => {
      if (state.finished.length) return state.finished[0];
      const beam = state.running[0];
      return {
        tokens: beam.tokens,
        sumLogprob: beam.score,
        score: lengthNormalized(beam.score, Math.max(1, beam.tokens.length), lengthPenalty),
        endedWithEos: beam.tokens.at(-1) === eot,
      };
    });
  }
}
