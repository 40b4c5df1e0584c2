/**
 * CTC forced alignment with the semantics of torchaudio.functional.forced_align (CPU kernel):
 * a max-sum Viterbi over the blank-interleaved target lattice (S = 2L + 1 states), float32
 * accumulation, the same feasibility band, and the same tie-breaking (a skip wins only when
 * strictly better than both others, a step from the previous state only when strictly better
 * than staying; at the end the final target wins only when strictly better than the final blank).
 * Plus merge_tokens (collapse repeats / drop blanks) and word spans between delimiter tokens.
 */
import { WhisperxError } from '../errors.js';

/** Emissions of one utterance: row-major [frames, labels] log-probabilities. */
export interface EmissionMatrix {
  /** frames * labels values, row-major (frame t, label c at t * labels + c). */
  data: Float32Array;
  /** Number of frames (T). */
  frames: number;
  /** Number of labels per frame (C). */
  labels: number;
}

export interface ForcedAlignOptions {
  /** CTC blank label id. Default 0. */
  blank?: number;
}

export interface ForcedAlignResult {
  /** Label of each frame on the best path ([T], blank where no token). */
  labels: Int32Array;
  /** Emission log-probability of each frame's label ([T]). */
  logProbs: Float32Array;
}

/** torchaudio TokenSpan: a token over frames [start, end) with the mean of its frame scores. */
export interface TokenSpan {
  token: number;
  start: number;
  /** Exclusive end frame. */
  end: number;
  score: number;
}

/** A word made of the token spans between two delimiter spans. */
export interface WordSpan {
  /** The token spans of the word, in order. */
  tokens: TokenSpan[];
  start: number;
  /** Exclusive end frame (end of the last token). */
  end: number;
  /** Frame-length-weighted mean of the token span scores. */
  score: number;
}

const f32 = Math.fround;

/**
 * Best CTC path of `targets` through `emissions` (log-probabilities). O(T * S) time with a
 * rolling pair of float32 rows and an int8 back-pointer table of T * S bytes.
 */
export function forcedAlign(
  emissions: EmissionMatrix,
  targets: ArrayLike<number>,
  options: ForcedAlignOptions = {},
): ForcedAlignResult {
  const blank = options.blank ?? 0;
  const { data, frames: T, labels: C } = emissions;
  const L = targets.length;
  const S = 2 * L + 1;
  if (blank < 0 || blank >= C) {
    throw new WhisperxError('usage', `forcedAlign: blank id ${blank} is outside the ${C} labels of the emissions.`);
  }
  for (let i = 0; i < L; i++) {
    const y = targets[i];
    if (!(y >= 0 && y < C) || y === blank) {
      throw new WhisperxError('usage', `forcedAlign: target ${i} (${y}) is the blank or outside the ${C} labels.`);
    }
  }
  let repeats = 0;
  for (let i = 1; i < L; i++) if (targets[i] === targets[i - 1]) repeats++;
  if (T < L + repeats) {
    throw new WhisperxError(
      'runtime',
      `forcedAlign: ${T} frames cannot hold ${L} targets with ${repeats} repeats (need at least ${L + repeats}).`,
    );
  }
  // state s: even = blank, odd = targets[(s - 1) / 2]
  const stateLabel = new Int32Array(S);
  const canSkip = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    stateLabel[s] = s % 2 === 0 ? blank : targets[(s - 1) >> 1];
    if (s % 2 === 1 && s !== 1 && targets[s >> 1] !== targets[(s >> 1) - 1]) canSkip[s] = 1;
  }
  let prev = new Float32Array(S).fill(-Infinity);
  let cur = new Float32Array(S).fill(-Infinity);
  const back = new Int8Array(T * S).fill(-1);
  let start = T - (L + repeats) > 0 ? 0 : 1;
  let end = S === 1 ? 1 : 2;
  for (let i = start; i < end; i++) prev[i] = data[stateLabel[i]];
  for (let t = 1; t < T; t++) {
    if (T - t <= L + repeats) {
      if (start % 2 === 1 && targets[start >> 1] !== targets[(start >> 1) + 1]) start++;
      start++;
    }
    if (t <= L + repeats) {
      if (end % 2 === 0 && end < 2 * L && targets[(end >> 1) - 1] !== targets[end >> 1]) end++;
      end++;
    }
    cur.fill(-Infinity);
    const row = t * C;
    const bRow = t * S;
    let i = start;
    if (start === 0) {
      cur[0] = f32(prev[0] + data[row + blank]);
      back[bRow] = 0;
      i = 1;
    }
    for (; i < end; i++) {
      const x0 = prev[i];
      const x1 = prev[i - 1];
      const x2 = canSkip[i] ? prev[i - 2] : -Infinity;
      let best: number;
      if (x2 > x1 && x2 > x0) {
        best = x2;
        back[bRow + i] = 2;
      } else if (x1 > x0) {
        best = x1;
        back[bRow + i] = 1;
      } else {
        best = x0;
        back[bRow + i] = 0;
      }
      cur[i] = f32(best + data[row + stateLabel[i]]);
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  // with no targets the path is all blank
  let s = S === 1 ? 0 : prev[S - 1] > prev[S - 2] ? S - 1 : S - 2;
  const labels = new Int32Array(T);
  const logProbs = new Float32Array(T);
  for (let t = T - 1; t >= 0; t--) {
    const lab = stateLabel[s];
    labels[t] = lab;
    logProbs[t] = data[t * C + lab];
    s -= back[t * S + s];
  }
  return { labels, logProbs };
}

/**
 * torchaudio.functional.merge_tokens: runs of equal labels become one span unless blank;
 * score = mean of `scores` (usually frame probabilities) over the span, in float32.
 */
export function mergeTokens(labels: ArrayLike<number>, scores: ArrayLike<number>, blank = 0): TokenSpan[] {
  const spans: TokenSpan[] = [];
  const T = labels.length;
  let t = 0;
  while (t < T) {
    const token = labels[t];
    let e = t + 1;
    while (e < T && labels[e] === token) e++;
    if (token !== blank) {
      let sum = 0;
      for (let k = t; k < e; k++) sum += scores[k];
      spans.push({ token, start: t, end: e, score: sum / (e - t) });
    }
    t = e;
  }
  return spans;
}

/**
 * Words = token spans between delimiter spans (e.g. '|'); start of the first token, end of the
 * last, score = frame-length-weighted mean of the token scores.
 */
export function wordSpans(spans: readonly TokenSpan[], delimiter: number): WordSpan[] {
  const words: WordSpan[] = [];
  let cur: TokenSpan[] = [];
  const flush = (): void => {
    if (cur.length === 0) return;
    let n = 0;
    let acc = 0;
    for (const sp of cur) {
      n += sp.end - sp.start;
      acc += sp.score * (sp.end - sp.start);
    }
    words.push({ tokens: cur, start: cur[0].start, end: cur[cur.length - 1].end, score: acc / n });
    cur = [];
  };
  for (const sp of spans) {
    if (sp.token === delimiter) flush();
    else cur.push(sp);
  }
  flush();
  return words;
}

/** Frame probabilities from path log-probabilities (exp, float32 as torch does). */
export function pathProbabilities(logProbs: ArrayLike<number>): Float32Array {
  const out = new Float32Array(logProbs.length);
  for (let i = 0; i < logProbs.length; i++) out[i] = Math.exp(logProbs[i]);
  return out;
}
