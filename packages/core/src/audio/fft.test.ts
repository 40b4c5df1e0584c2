import { describe, expect, it } from 'vitest';
import { createComplexFft, createRealFft } from './fft.js';

/** Deterministic pseudo-random values in [-1, 1). */
function noise(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Direct O(n^2) DFT of interleaved complex data. */
function naiveDft(x: Float64Array): Float64Array {
  const n = x.length / 2;
  const out = new Float64Array(2 * n);
  for (let f = 0; f < n; f++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * ((f * t) % n)) / n;
      re += x[2 * t] * Math.cos(a) - x[2 * t + 1] * Math.sin(a);
      im += x[2 * t] * Math.sin(a) + x[2 * t + 1] * Math.cos(a);
    }
    out[2 * f] = re;
    out[2 * f + 1] = im;
  }
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('createComplexFft', () => {
  for (const n of [1, 2, 3, 4, 5, 7, 8, 12, 16, 20, 25, 30, 49, 77, 100, 200, 243]) {
    it(`matches a direct DFT for n=${n}`, () => {
      const x = noise(2 * n, n);
      const copy = x.slice();
      const out = new Float64Array(2 * n);
      createComplexFft(n).forward(x, out);
      expect(maxDiff(out, naiveDft(x))).toBeLessThan(1e-9 * n);
      expect(Array.from(x)).toEqual(Array.from(copy)); // input untouched
    });
  }

  it('is reusable: a second transform gives the same result', () => {
    const fft = createComplexFft(200);
    const x = noise(400, 9);
    const a = new Float64Array(400);
    const b = new Float64Array(400);
    fft.forward(x, a);
    fft.forward(noise(400, 10), b);
    fft.forward(x, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('rejects non-integer sizes', () => {
    expect(() => createComplexFft(0)).toThrow(RangeError);
    expect(() => createComplexFft(2.5)).toThrow(RangeError);
  });
});

describe('createRealFft', () => {
  for (const n of [2, 4, 6, 10, 400, 512]) {
    it(`matches the complex DFT of real input, n=${n}`, () => {
      const real = noise(n, 100 + n);
      const complex = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) complex[2 * i] = real[i];
      const ref = naiveDft(complex);
      const fft = createRealFft(n);
      const re = new Float64Array(n / 2 + 1);
      const im = new Float64Array(n / 2 + 1);
      const pow = new Float64Array(n / 2 + 1);
      fft.forward(real, re, im);
      fft.powerSpectrum(real, pow);
      for (let k = 0; k <= n / 2; k++) {
        expect(Math.abs(re[k] - ref[2 * k])).toBeLessThan(1e-9 * n);
        expect(Math.abs(im[k] - ref[2 * k + 1])).toBeLessThan(1e-9 * n);
        const p = ref[2 * k] ** 2 + ref[2 * k + 1] ** 2;
        expect(Math.abs(pow[k] - p)).toBeLessThan(1e-9 * n * (1 + p));
      }
    });
  }

  it('rejects odd sizes', () => {
    expect(() => createRealFft(401)).toThrow(RangeError);
  });
});
