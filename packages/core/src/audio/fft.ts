/**
 * Small mixed-radix FFTs for the feature extractors: a complex FFT of any size (radix 2, 4, 5
 * and 8 butterflies, a direct DFT for other prime factors) and a real FFT of even size built on
 * a complex FFT of half the size. Whisper's STFT uses n = 400 = 2 * 200 = 2 * (8 * 5 * 5).
 *
 * Algorithm: Stockham autosort, decimation in frequency. Each stage with radix p splits every
 * length-n sub-sequence (stride s) into p sub-sequences of length n/p (stride s*p), applying
 * the twiddles on the way; the result comes out in natural order, so no bit/digit reversal.
 * All twiddles are precomputed per plan and a transform allocates nothing.
 *
 * Conventions: forward transform X[f] = sum_t x[t] exp(-2 pi i f t / n), no scaling; complex
 * data is interleaved (re, im) in a Float64Array of length 2n.
 */
import { runStage } from './fft-butterflies.js';
import type { Stage } from './fft-butterflies.js';

/** A planned complex FFT of one size. */
export interface ComplexFft {
  /** Transform length (complex points). */
  readonly size: number;
  /**
   * Forward DFT of `input[inputOffset .. inputOffset + 2n)` (interleaved re/im; offset default 0)
   * into `output` (2n). `input` is left unchanged; it must not be the same array as `output`.
   */
  forward(input: Float64Array, output: Float64Array, inputOffset?: number): void;
}

/** A planned FFT of real input of one (even) size. */
export interface RealFft {
  /** Transform length (real samples); the spectrum has size / 2 + 1 bins. */
  readonly size: number;
  /**
   * Spectrum bins 0..size/2 of `input[inputOffset .. inputOffset + size)` (offset default 0) as
   * separate real and imaginary parts (each of length size / 2 + 1).
   */
  forward(input: Float64Array, outRe: Float64Array, outIm: Float64Array, inputOffset?: number): void;
  /** |X[k]|^2 for k = 0..size/2 into `out` (length size / 2 + 1); input as for `forward`. */
  powerSpectrum(input: Float64Array, out: Float64Array, inputOffset?: number): void;
}

/** Radices in the order the stages use them: 8s first, then 4, 2, 3, 5, then other primes. */
function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  while (rest % 8 === 0) {
    factors.push(8);
    rest /= 8;
  }
  while (rest % 4 === 0) {
    factors.push(4);
    rest /= 4;
  }
  for (let p = 2; rest > 1; p++) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
    if (p * p > rest && rest > 1) {
      factors.push(rest);
      rest = 1;
    }
  }
  return factors;
}

function planStages(n: number): Stage[] {
  const stages: Stage[] = [];
  let len = n;
  let s = 1;
  for (const p of factorize(n)) {
    const m = len / p;
    const tw = new Float64Array(2 * m * (p - 1));
    for (let q = 0; q < m; q++) {
      for (let j = 1; j < p; j++) {
        const angle = (-2 * Math.PI * q * j) / len;
        const at = 2 * (q * (p - 1) + j - 1);
        tw[at] = Math.cos(angle);
        tw[at + 1] = Math.sin(angle);
      }
    }
    let roots: Float64Array | null = null;
    if (p !== 2 && p !== 4 && p !== 5 && p !== 8) {
      roots = new Float64Array(2 * p);
      for (let k = 0; k < p; k++) {
        roots[2 * k] = Math.cos((-2 * Math.PI * k) / p);
        roots[2 * k + 1] = Math.sin((-2 * Math.PI * k) / p);
      }
    }
    stages.push({ p, m, s, tw, roots });
    len = m;
    s *= p;
  }
  return stages;
}

/** Plan a complex FFT of `n` points (n >= 1, any integer). */
export function createComplexFft(n: number): ComplexFft {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT size must be a positive integer, got ${n}`);
  const stages = planStages(n);
  const scratch = new Float64Array(2 * n);
  return {
    size: n,
    forward(input: Float64Array, output: Float64Array, inputOffset = 0): void {
      if (stages.length === 0) {
        output[0] = input[inputOffset];
        output[1] = input[inputOffset + 1];
        return;
      }
      // Ping-pong so that the last stage writes into `output`; the first reads `input`.
      let src = input;
      let offset = inputOffset;
      for (let i = 0; i < stages.length; i++) {
        const dst = (stages.length - 1 - i) % 2 === 0 ? output : scratch;
        runStage(stages[i], src, offset, dst);
        src = dst;
        offset = 0;
      }
    },
  };
}

/** Plan a real-input FFT of even size `n` (computed with one complex FFT of n / 2 points). */
export function createRealFft(n: number): RealFft {
  if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) throw new RangeError(`real FFT size must be even, got ${n}`);
  const half = n / 2;
  const inner = createComplexFft(half);
  const z = new Float64Array(2 * half);
  // Post-processing twiddles exp(-2 pi i k / n), k = 0..half.
  const cosT = new Float64Array(half + 1);
  const sinT = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    cosT[k] = Math.cos((2 * Math.PI * k) / n);
    sinT[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  // X[k] = E[k] + w^k O[k] with E = (Z[k] + conj Z[half-k]) / 2 and O = (Z[k] - conj Z[half-k]) / 2i
  // (Z[half] = Z[0]). Written out in both methods below: they run once per STFT frame.
  return {
    size: n,
    forward(input: Float64Array, outRe: Float64Array, outIm: Float64Array, inputOffset = 0): void {
      // The real input read as interleaved complex is exactly z[t] = x[2t] + i x[2t+1].
      inner.forward(input, z, inputOffset);
      for (let k = 0; k <= half; k++) {
        const i = k === half ? 0 : k;
        const j = k === 0 ? 0 : half - k;
        const a = z[2 * i],
          b = z[2 * i + 1];
        const c = z[2 * j],
          d = z[2 * j + 1];
        const er = 0.5 * (a + c),
          ei = 0.5 * (b - d);
        const or = 0.5 * (b + d),
          oi = -0.5 * (a - c);
        const wr = cosT[k],
          wi = sinT[k];
        outRe[k] = er + wr * or - wi * oi;
        outIm[k] = ei + wr * oi + wi * or;
      }
    },
    powerSpectrum(input: Float64Array, out: Float64Array, inputOffset = 0): void {
      inner.forward(input, z, inputOffset);
      for (let k = 0; k <= half; k++) {
        const i = k === half ? 0 : k;
        const j = k === 0 ? 0 : half - k;
        const a = z[2 * i],
          b = z[2 * i + 1];
        const c = z[2 * j],
          d = z[2 * j + 1];
        const er = 0.5 * (a + c),
          ei = 0.5 * (b - d);
        const or = 0.5 * (b + d),
          oi = -0.5 * (a - c);
        const wr = cosT[k],
          wi = sinT[k];
        const xr = er + wr * or - wi * oi;
        const xi = ei + wr * oi + wi * or;
        out[k] = xr * xr + xi * xi;
      }
    },
  };
}
