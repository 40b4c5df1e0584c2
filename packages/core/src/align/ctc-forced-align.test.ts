import { describe, expect, it } from 'vitest';
import { forcedAlign, mergeTokens, pathProbabilities, wordSpans, type EmissionMatrix } from './ctc-forced-align.js';

/** Deterministic pseudo-random log-probabilities [T, C] (log_softmax of uniform logits). */
function randomEmissions(T: number, C: number, seed: number): EmissionMatrix {
  let s = seed >>> 0;
  const rnd = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const data = new Float32Array(T * C);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp((data[t * C + c] = rnd() * 6));
    for (let c = 0; c < C; c++) data[t * C + c] -= Math.log(sum);
  }
  return { data, frames: T, labels: C };
}

/** Best path by enumerating every label sequence that collapses to the targets (tiny sizes only). */
function bruteForce(em: EmissionMatrix, targets: number[], blank: number): { labels: number[]; score: number } {
  let best = { labels: [] as number[], score: -Infinity };
  const T = em.frames;
  const seq: number[] = [];
  const collapse = (x: number[]): number[] => x.filter((v, i) => v !== blank && (i === 0 || x[i - 1] !== v));
  const rec = (t: number): void => {
    if (t === T) {
      const c = collapse(seq);
      if (c.length === targets.length && c.every((v, i) => v === targets[i])) {
        let sc = 0;
        for (let k = 0; k < T; k++) sc += em.data[k * em.labels + seq[k]];
        if (sc > best.score) best = { labels: seq.slice(), score: sc };
      }
      return;
    }
    for (const v of [blank, ...new Set(targets)]) {
      seq.push(v);
      rec(t + 1);
      seq.pop();
    }
  };
  rec(0);
  return best;
}

describe('forcedAlign', () => {
  it('finds the same best path as exhaustive search (random emissions, repeats included)', () => {
    const cases: [number, number[]][] = [
      [6, [1, 2]],
      [7, [2, 2, 3]],
      [8, [1, 3, 1]],
      [5, [3, 3]],
      [7, [1, 2, 3, 1]],
    ];
    cases.forEach(([T, targets], k) => {
      for (let seed = 1; seed <= 4; seed++) {
        const em = randomEmissions(T, 4, seed * 31 + k);
        const got = forcedAlign(em, targets);
        const want = bruteForce(em, targets, 0);
        expect(Array.from(got.labels)).toEqual(want.labels);
        const sum = got.logProbs.reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(want.score, 4);
      }
    });
  });

  it('puts a blank between repeated tokens', () => {
    const em = randomEmissions(3, 3, 7);
    const { labels } = forcedAlign(em, [1, 1]);
    expect(Array.from(labels)).toEqual([1, 0, 1]);
  });

  it('on ties prefers staying in a state and ending on the last token, as torchaudio', () => {
    // uniform emissions: every path ties; torchaudio's back-pointers prefer "stay", the end prefers
    // the last token over the trailing blank, so tokens are entered as early as possible
    const em: EmissionMatrix = { data: new Float32Array(5 * 3).fill(Math.log(1 / 3)), frames: 5, labels: 3 };
    const { labels } = forcedAlign(em, [1, 2]);
    expect(Array.from(labels)).toEqual([1, 2, 2, 2, 2]);
  });

  it('rejects transcripts longer than the frames allow, and the blank as a target', () => {
    const em = randomEmissions(2, 3, 1);
    expect(() => forcedAlign(em, [1, 1])).toThrow(/cannot hold/);
    expect(() => forcedAlign(em, [0])).toThrow(/blank/);
  });

  it('merges tokens and words with length-weighted scores', () => {
    const labels = [0, 1, 1, 0, 2, 3, 0, 2];
    const probs = [0.9, 0.5, 0.7, 0.9, 0.4, 0.8, 0.9, 0.6];
    const spans = mergeTokens(labels, probs, 0);
    expect(spans.map((s) => [s.token, s.start, s.end])).toEqual([
      [1, 1, 3],
      [2, 4, 5],
      [3, 5, 6],
      [2, 7, 8],
    ]);
    expect(spans[0].score).toBeCloseTo(0.6, 12);
    const words = wordSpans(spans, 3);
    expect(words.map((w) => [w.start, w.end])).toEqual([
      [1, 5],
      [7, 8],
    ]);
    expect(words[0].score).toBeCloseTo((0.6 * 2 + 0.4) / 3, 12);
    expect(pathProbabilities([0, Math.log(0.5)])[1]).toBeCloseTo(0.5, 7);
  });
});
