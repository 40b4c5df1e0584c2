import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16, fromHalf, toHalf } from './fp16.js';

describe('fp16 conversion', () => {
  it('known bit patterns', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e6)).toBe(0x7c00);
    expect(toHalf(2 ** -24)).toBe(0x0001);
    expect(toHalf(0)).toBe(0);
    expect(fromHalf(0x3555)).toBeCloseTo(0.33325, 5);
    expect(Number.isNaN(fromHalf(toHalf(Number.NaN)))).toBe(true);
    expect(fromHalf(0xfc00)).toBe(-Infinity);
  });
  it('every half value round-trips exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = fromHalf(h);
      if (!Number.isNaN(x)) expect(toHalf(x)).toBe(h === 0x8000 ? 0x8000 : h);
    }
  });
  it('rounds to the nearest half (relative error <= 2^-11 in the normal range)', () => {
    fc.assert(
      fc.property(fc.float({ min: Math.fround(6.2e-5), max: 65000, noNaN: true }), (x) => {
        const back = float16ToFloat32(float32ToFloat16(Float32Array.of(x)))[0];
        return Math.abs(back - x) <= Math.abs(x) * 2 ** -11;
      }),
    );
  });
});
