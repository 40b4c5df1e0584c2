import { describe, expect, it } from 'vitest';
import { linearSumAssignment } from './lsap.js';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

describe('linear sum assignment (scipy semantics)', () => {
  it('finds the optimum of random square and rectangular matrices', () => {
    let seed = 5;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + (trial % 4);
      const cols = 1 + ((trial >> 2) % 4);
      const cost = Float64Array.from({ length: rows * cols }, rand);
      const { rows: r, cols: c } = linearSumAssignment(cost, rows, cols, true);
      expect(r).toHaveLength(Math.min(rows, cols));
      const got = r.reduce((s, row, i) => s + cost[row * cols + c[i]], 0);
      // brute force over assignments of the smaller side
      let best = -Infinity;
      const [small, large] = rows <= cols ? [rows, cols] : [cols, rows];
      for (const p of permutations(large)) {
        let s = 0;
        for (let i = 0; i < small; i++) s += rows <= cols ? cost[i * cols + p[i]] : cost[p[i] * cols + i];
        best = Math.max(best, s);
      }
      expect(got).toBeCloseTo(best, 12);
      expect(new Set(c).size).toBe(c.length);
      expect([...r].sort((a, b) => a - b)).toEqual(r);
    }
  });

  it("breaks ties like scipy's linear_sum_assignment(maximize=True)", () => {
    // scipy 1.17.1 results
    expect(linearSumAssignment([1, 1, 1, 1, 1, 1], 2, 3, true)).toEqual({ rows: [0, 1], cols: [0, 1] });
    expect(linearSumAssignment([0.5, 0.5, 0.5, 0.5, 0.2, 0.9], 3, 2, true)).toEqual({ rows: [0, 2], cols: [0, 1] });
    expect(linearSumAssignment([1, 2, 3, 1, 2, 3, 3, 2, 1], 3, 3, true)).toEqual({ rows: [0, 1, 2], cols: [2, 1, 0] });
    expect(linearSumAssignment(new Array(9).fill(0), 3, 3, true)).toEqual({ rows: [0, 1, 2], cols: [0, 1, 2] });
  });
});
