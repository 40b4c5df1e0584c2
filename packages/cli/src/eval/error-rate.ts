/**
 * Word (or character) error rate: the minimum number of substitutions, deletions and insertions
 * that turn the reference into the hypothesis (Levenshtein alignment over tokens), summed over a
 * corpus and divided by the reference length, as jiwer and Whisper's evaluation compute it.
 */

export interface EditCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Tokens in the reference. */
  reference: number;
  /** Tokens in the hypothesis. */
  hypothesis: number;
}

export type ErrorMetric = 'wer' | 'cer';

/** Languages written without spaces between words, scored by characters (as Whisper's evaluation). */
const CHARACTER_LANGUAGES = new Set(['zh', 'ja', 'th', 'lo', 'my', 'yue', 'km', 'bo']);

export function metricForLanguage(language: string | undefined): ErrorMetric {
  return language && CHARACTER_LANGUAGES.has(language) ? 'cer' : 'wer';
}

/** Tokens of a normalised text: words, or characters without spaces. */
export function tokens(text: string, metric: ErrorMetric): string[] {
  if (metric === 'cer') return [...text.replace(/\s+/g, '')];
  return text.split(/\s+/).filter((w) => w !== '');
}

/** Edit counts between two token lists (one row of the DP table kept per step). */
export function editCounts(ref: readonly string[], hyp: readonly string[]): EditCounts {
  const n = ref.length;
  const m = hyp.length;
  // cost[j], with the operation counts of the best path, for the previous and current row
  type Cell = { cost: number; s: number; d: number; i: number };
  let prev: Cell[] = Array.from({ length: m + 1 }, (_, j) => ({ cost: j, s: 0, d: 0, i: j }));
  for (let r = 1; r <= n; r++) {
    const cur: Cell[] = [{ cost: r, s: 0, d: r, i: 0 }];
    for (let j = 1; j <= m; j++) {
      const diag = prev[j - 1];
      const same = ref[r - 1] === hyp[j - 1];
      let best: Cell = { cost: diag.cost + (same ? 0 : 1), s: diag.s + (same ? 0 : 1), d: diag.d, i: diag.i };
      const up = prev[j];
      if (up.cost + 1 < best.cost) best = { cost: up.cost + 1, s: up.s, d: up.d + 1, i: up.i };
      const left = cur[j - 1];
      if (left.cost + 1 < best.cost) best = { cost: left.cost + 1, s: left.s, d: left.d, i: left.i + 1 };
      cur.push(best);
    }
    prev = cur;
  }
  const last = prev[m];
  return { substitutions: last.s, deletions: last.d, insertions: last.i, reference: n, hypothesis: m };
}

export function addCounts(a: EditCounts, b: EditCounts): EditCounts {
  return {
    substitutions: a.substitutions + b.substitutions,
    deletions: a.deletions + b.deletions,
    insertions: a.insertions + b.insertions,
    reference: a.reference + b.reference,
    hypothesis: a.hypothesis + b.hypothesis,
  };
}

export const NO_EDITS: EditCounts = { substitutions: 0, deletions: 0, insertions: 0, reference: 0, hypothesis: 0 };

/** Errors / reference tokens (0 for an empty reference and hypothesis; Infinity for insertions alone). */
export function errorRate(c: EditCounts): number {
  const errors = c.substitutions + c.deletions + c.insertions;
  if (c.reference === 0) return errors === 0 ? 0 : Infinity;
  return errors / c.reference;
}
