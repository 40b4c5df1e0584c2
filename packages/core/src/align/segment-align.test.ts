import { describe, expect, it } from 'vitest';
import { ENGLISH_DICTIONARY as dictionary, LABEL_IDS as ID, LABELS } from './__fixtures__/english-dictionary.js';
import type { EmissionMatrix } from './ctc-forced-align.js';
import { alignSegmentOnEmissions, pairwiseSum, round3 } from './segment-align.js';
import { backtrack, getTrellis, WILDCARD, wildcardColumn } from './trellis.js';

/** Emissions with one clear winner per frame: a label character ('-' blank, '|' space). */
function peaks(frames: string): EmissionMatrix {
  const chars = Array.from(frames);
  const C = LABELS.length;
  const data = new Float32Array(chars.length * C);
  chars.forEach((ch, t) => {
    const logits = new Array<number>(C).fill(0);
    logits[ID[ch]] = 8;
    const lse = Math.log(logits.reduce((a, x) => a + Math.exp(x), 0));
    for (let c = 0; c < C; c++) data[t * C + c] = logits[c] - lse;
  });
  return { data, frames: chars.length, labels: C };
}

const opts = { dictionary, blank: 0, language: 'en' };

describe('alignSegmentOnEmissions', () => {
  it('times digits and symbols through the wildcard column ("1984", "$5", "50%")', () => {
    // frames: "in" | "1984" | "$5" | "50%"; the wildcard frames peak on arbitrary letters
    const em = peaks('--IN-|-ZQXJ-|-KZ-|-XQW---');
    const seg = { start: 10, end: 10 + em.frames * 0.02, text: ' in 1984 $5 50%' };
    const res = alignSegmentOnEmissions(seg, em, opts);
    const words = res.segments.flatMap((s) => s.words ?? []);
    expect(words.map((w) => w.word)).toEqual(['in', '1984', '$5', '50%']);
    for (const w of words) {
      expect(w.start).toBeTypeOf('number');
      expect(w.end!).toBeGreaterThan(w.start!);
      expect(w.score).toBeGreaterThan(0.5);
    }
    expect(words[1].start!).toBeGreaterThanOrEqual(words[0].end!);
    expect(words[1].start).toBeCloseTo(10 + 7 * 0.02, 3); // frame of the first wildcard peak
    expect(words[3].end!).toBeLessThanOrEqual(seg.end);
  });

  it('aligns languages without spaces per character', () => {
    const em = peaks('--A--B--C--');
    const res = alignSegmentOnEmissions({ start: 0, end: 1.1, text: '今日は' }, em, { ...opts, language: 'ja' });
    expect(res.segments).toHaveLength(1);
    expect(res.segments[0].text).toBe('今日は');
    const words = res.segments[0].words!;
    expect(words.map((w) => w.word)).toEqual(['今', '日', 'は']);
    expect(words.map((w) => w.start)).toEqual([0.2, 0.5, 0.8]);
  });

  it('keeps a segment with no alignable characters as it is', () => {
    const em = peaks('----');
    const seg = { start: 1, end: 2, text: '   ', avg_logprob: -0.3 };
    const res = alignSegmentOnEmissions(seg, em, { ...opts, returnCharAlignments: true });
    expect(res.failure).toBe('no-alignable-characters');
    expect(res.segments).toEqual([{ start: 1, end: 2, text: '   ', words: [], chars: [], avg_logprob: -0.3 }]);
  });

  it('reports a failed path (more characters than frames) and keeps the segment', () => {
    const res = alignSegmentOnEmissions({ start: 0, end: 0.04, text: ' abcdef' }, peaks('AB'), opts);
    expect(res.failure).toBe('backtrack-failed');
    expect(res.segments[0].words).toEqual([]);
  });

  it('splits sentences into segments and returns character alignments on request', () => {
    const em = peaks('-HI-|--O-K---');
    const res = alignSegmentOnEmissions({ start: 0, end: 1.3, text: ' Hi. Ok.' }, em, {
      ...opts,
      returnCharAlignments: true,
    });
    expect(res.segments.map((s) => s.text)).toEqual([' Hi.', 'Ok.']);
    expect(res.segments[0].words!.map((w) => w.word)).toEqual(['Hi.']);
    expect(res.segments[1].start).toBeGreaterThanOrEqual(res.segments[0].end);
    const chars = res.segments[0].chars!;
    expect(chars[0]).toEqual({ char: ' ' });
    expect(chars[1].char).toBe('H');
    expect(chars[1].start).toBeCloseTo(0.1, 3);
    expect(res.segments[1].chars!.map((c) => c.char).join('')).toBe('Ok.');
  });

  it('rounds like Python and sums like numpy', () => {
    expect(round3(0.1234999)).toBe(0.123);
    expect(round3(2.0005000001)).toBe(2.001);
    const xs = [0.064, 0.122, 0.016, 0.118, 0.0, 0.124, 0.095, 0.345];
    // numpy: pairwise from 8 values: ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)), not left to right
    expect(pairwiseSum(xs) / 8).toBe(0.11049999999999999);
  });
});

describe('trellis', () => {
  it('wildcard column is the best non-blank score per frame', () => {
    const em = peaks('-A-');
    const col = wildcardColumn(em, 0);
    expect(col[1]).toBe(em.data[1 * em.labels + ID.A]);
    expect(col[0]).toBeLessThan(em.data[0]);
  });

  it('backtracks a path that visits every token in order', () => {
    const em = peaks('-C-A-T-');
    const tokens = [ID.C, WILDCARD, ID.T];
    const path = backtrack(getTrellis(em, tokens, 0), em, tokens, 0)!;
    const firstFrame = [0, 1, 2].map((j) => path.find((p) => p.tokenIndex === j)!.timeIndex);
    expect(firstFrame).toEqual([1, 3, 5]);
  });
});
