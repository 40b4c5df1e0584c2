import { describe, expect, it } from 'vitest';
import { addCounts, editCounts, errorRate, metricForLanguage, NO_EDITS, tokens } from './error-rate.js';

describe('editCounts', () => {
  it('counts substitutions, deletions and insertions of a minimum alignment', () => {
    const c = editCounts('the cat sat on the red mat'.split(' '), 'a the cat sit on the mat'.split(' '));
    expect(c).toEqual({ substitutions: 1, deletions: 1, insertions: 1, reference: 7, hypothesis: 7 });
    expect(errorRate(c)).toBeCloseTo(3 / 7);
  });

  it('matches a brute-force edit distance on random token lists', () => {
    const lev = (a: string[], b: string[]): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
      for (let j = 1; j <= b.length; j++) d[0][j] = j;
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length][b.length];
    };
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 200; k++) {
      const a = Array.from({ length: Math.floor(rand() * 9) }, () => 'abc'[Math.floor(rand() * 3)]);
      const b = Array.from({ length: Math.floor(rand() * 9) }, () => 'abc'[Math.floor(rand() * 3)]);
      const c = editCounts(a, b);
      expect(c.substitutions + c.deletions + c.insertions).toBe(lev(a, b));
      expect(c.reference - c.deletions + c.insertions).toBe(b.length);
    }
  });

  it('sums a corpus and scores empty references', () => {
    const total = addCounts(addCounts(NO_EDITS, editCounts(['a', 'b'], ['a'])), editCounts([], []));
    expect(errorRate(total)).toBe(0.5);
    expect(errorRate(editCounts([], ['hallucinated']))).toBe(Infinity);
    expect(errorRate(editCounts([], []))).toBe(0);
  });

  it('scores characters for languages written without spaces', () => {
    expect(metricForLanguage('ja')).toBe('cer');
    expect(metricForLanguage('fr')).toBe('wer');
    expect(metricForLanguage(undefined)).toBe('wer');
    expect(tokens('今日 は', 'cer')).toEqual(['今', '日', 'は']);
    expect(tokens(' a  b ', 'wer')).toEqual(['a', 'b']);
  });
});
