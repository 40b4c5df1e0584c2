import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { argmax, argmaxLogSumExp, logSumExp } from './score-math.js';

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
