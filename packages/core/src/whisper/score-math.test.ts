import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { argmax, argmaxLogSumExp, logSumExp, sumExpBelowMax } from './score-math.js';

describe('argmaxLogSumExp', () => {
  it('gives exactly argmax and logSumExp (same bits)', () => {
    const value = fc.oneof(
      fc.float({ min: -30, max: 30, noNaN: true }),
      fc.constant(Number.NEGATIVE_INFINITY),
      fc.constant(2.5),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), (values) => {
        const x = Float32Array.from(values);
        const out = new Float64Array(1);
        const best = argmaxLogSumExp(x, out);
        expect(best).toBe(argmax(x));
        expect(Object.is(out[0], logSumExp(x))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('handles all -Infinity and NaN rows like the separate functions', () => {
    const out = new Float64Array(1);
    const dead = new Float32Array(5).fill(Number.NEGATIVE_INFINITY);
    expect(argmaxLogSumExp(dead, out)).toBe(0);
    expect(out[0]).toBe(Number.NEGATIVE_INFINITY);
    const nan = Float32Array.from([Number.NaN, 1, 3, 2]);
    expect(argmaxLogSumExp(nan, out)).toBe(argmax(nan));
    expect(Object.is(out[0], logSumExp(nan))).toBe(true);
  });
});

describe('sumExpBelowMax', () => {
  const exact = (x: ArrayLike<number>, max: number) => {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += Math.exp(x[i] - max);
    return sum;
  };

  it('equals the Math.exp sum within 1e-14 relative, over the whole exponent range', () => {
    const value = fc.oneof(
      fc.double({ min: -800, max: 0, noNaN: true }),
      fc.double({ min: -1, max: 0, noNaN: true }),
      fc.constant(Number.NEGATIVE_INFINITY),
      fc.constant(0),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 200 }), (values) => {
        const x = [0, ...values]; // the largest entry is 0, as in a row less its max
        const got = sumExpBelowMax(x, 0);
        const want = exact(x, 0);
        expect(Math.abs(got - want) / want).toBeLessThan(1e-14);
      }),
      { numRuns: 500 },
    );
  });

  it('matches single terms at the table edges and underflows like exp', () => {
    for (const d of [0, -1e-300, -Math.LN2 / 64, -Math.LN2, -1, -10.5, -87.3, -699.9, -700, -708, -745.2, -1000]) {
      const want = Math.exp(d);
      const got = sumExpBelowMax([d], 0);
      if (want < 1e-300) expect(got).toBeLessThanOrEqual(want + 1e-300);
      else expect(Math.abs(got - want) / want).toBeLessThan(1e-14);
    }
    expect(sumExpBelowMax([Number.NEGATIVE_INFINITY], 0)).toBe(0);
    expect(Number.isNaN(sumExpBelowMax([Number.NaN, 0], 0))).toBe(true);
  });

  it('keeps logSumExp within 1e-12 of the direct formula on logit-like rows', () => {
    let seed = 7;
    const row = new Float32Array(51865);
    for (let i = 0; i < row.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      row[i] = (seed / 2 ** 32 - 0.5) * 40;
    }
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    const direct = max + Math.log(exact(row, max));
    expect(Math.abs(logSumExp(row) - direct)).toBeLessThan(1e-12);
  });
});
