/**
 * Small mixed-radix FFTs for the feature extractors: a complex FFT of any size (radix 2, 3, 4
 * and 5 butterflies, a direct DFT for other prime factors) and a real FFT of even size built on
 * a complex FFT of half the size. Whisper's STFT uses n = 400 = 2 * 200 = 2 * (4 * 2 * 5 * 5).
 *
 * Algorithm: Stockham autosort, decimation in frequency. Each stage with radix p splits every
 * length-n sub-sequence (stride s) into p sub-sequences of length n/p (stride s*p), applying
 * the twiddles on the way; the result comes out in natural order, so no bit/digit reversal.
 * All twiddles are precomputed per plan and a transform allocates nothing.
 *
 * Conventions: forward transform X[f] = sum_t x[t] exp(-2 pi i f t / n), no scaling; complex
 * data is interleaved (re, im) in a Float64Array of length 2n.
 */

interface Stage {
  /** Radix of this stage. */
  p: number;
  /** Sub-sequence length after this stage (n / p). */
  m: number;
  /** Stride of the sub-sequences before this stage. */
  s: number;
  /** Twiddles w^(q*j), q < m, 1 <= j < p, as (re, im) pairs: index 2 * (q * (p - 1) + j - 1). */
  tw: Float64Array;
  /** For generic radices: the p-th roots of unity exp(-2 pi i k / p), (re, im) pairs. */
  roots: Float64Array | null;
}

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

/** Radices in the order the stages use them: 4s first, then 2, 3, 5, then other primes. */
function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
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
    if (p !== 2 && p !== 3 && p !== 4 && p !== 5) {
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

function radix2(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { m, s, tw } = st;
  for (let q = 0; q < m; q++) {
    const wr = tw[2 * q];
    const wi = tw[2 * q + 1];
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const i1 = i0 + 2 * s * m;
      const ar = x[i0], ai = x[i0 + 1], br = x[i1], bi = x[i1 + 1];
      const o0 = 2 * (k + s * 2 * q);
      const o1 = o0 + 2 * s;
      y[o0] = ar + br;
      y[o0 + 1] = ai + bi;
      const dr = ar - br, di = ai - bi;
      y[o1] = dr * wr - di * wi;
      y[o1 + 1] = dr * wi + di * wr;
    }
  }
}

function radix3(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { m, s, tw } = st;
  const c = Math.sqrt(3) / 2;
  const step = 2 * s * m;
  for (let q = 0; q < m; q++) {
    const t = 4 * q;
    const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3];
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const a0r = x[i0], a0i = x[i0 + 1];
      const a1r = x[i0 + step], a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step], a2i = x[i0 + 2 * step + 1];
      const tr = a1r + a2r, ti = a1i + a2i;
      const dr = a1r - a2r, di = a1i - a2i;
      const mr = a0r - 0.5 * tr, mi = a0i - 0.5 * ti;
      const b1r = mr + c * di, b1i = mi - c * dr;
      const b2r = mr - c * di, b2i = mi + c * dr;
      const o0 = 2 * (k + s * 3 * q);
      const os = 2 * s;
      y[o0] = a0r + tr;
      y[o0 + 1] = a0i + ti;
      y[o0 + os] = b1r * w1r - b1i * w1i;
      y[o0 + os + 1] = b1r * w1i + b1i * w1r;
      y[o0 + 2 * os] = b2r * w2r - b2i * w2i;
      y[o0 + 2 * os + 1] = b2r * w2i + b2i * w2r;
    }
  }
}

function radix4(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { m, s, tw } = st;
  const step = 2 * s * m;
  const os = 2 * s;
  for (let q = 0; q < m; q++) {
    const t = 6 * q;
    const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const a0r = x[i0], a0i = x[i0 + 1];
      const a1r = x[i0 + step], a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step], a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step], a3i = x[i0 + 3 * step + 1];
      const t0r = a0r + a2r, t0i = a0i + a2i;
      const t1r = a0r - a2r, t1i = a0i - a2i;
      const t2r = a1r + a3r, t2i = a1i + a3i;
      const t3r = a1r - a3r, t3i = a1i - a3i;
      const b1r = t1r + t3i, b1i = t1i - t3r;
      const b2r = t0r - t2r, b2i = t0i - t2i;
      const b3r = t1r - t3i, b3i = t1i + t3r;
      const o0 = 2 * (k + s * 4 * q);
      y[o0] = t0r + t2r;
      y[o0 + 1] = t0i + t2i;
      y[o0 + os] = b1r * w1r - b1i * w1i;
      y[o0 + os + 1] = b1r * w1i + b1i * w1r;
      y[o0 + 2 * os] = b2r * w2r - b2i * w2i;
      y[o0 + 2 * os + 1] = b2r * w2i + b2i * w2r;
      y[o0 + 3 * os] = b3r * w3r - b3i * w3i;
      y[o0 + 3 * os + 1] = b3r * w3i + b3i * w3r;
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

function radix5(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { m, s, tw } = st;
  const step = 2 * s * m;
  const os = 2 * s;
  for (let q = 0; q < m; q++) {
    const t = 8 * q;
    const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3];
    const w3r = tw[t + 4], w3i = tw[t + 5], w4r = tw[t + 6], w4i = tw[t + 7];
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const a0r = x[i0], a0i = x[i0 + 1];
      const a1r = x[i0 + step], a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step], a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step], a3i = x[i0 + 3 * step + 1];
      const a4r = x[i0 + 4 * step], a4i = x[i0 + 4 * step + 1];
      const s1r = a1r + a4r, s1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
      const s2r = a2r + a3r, s2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
      const p1r = a0r + C1 * s1r + C2 * s2r, p1i = a0i + C1 * s1i + C2 * s2i;
      const p2r = a0r + C2 * s1r + C1 * s2r, p2i = a0i + C2 * s1i + C1 * s2i;
      // q1 = S1*d1 + S2*d2, q2 = S2*d1 - S1*d2; A1 = p1 - i q1, A4 = p1 + i q1, A2 = p2 - i q2, A3 = p2 + i q2.
      const q1r = S1 * d1r + S2 * d2r, q1i = S1 * d1i + S2 * d2i;
      const q2r = S2 * d1r - S1 * d2r, q2i = S2 * d1i - S1 * d2i;
      const b1r = p1r + q1i, b1i = p1i - q1r;
      const b4r = p1r - q1i, b4i = p1i + q1r;
      const b2r = p2r + q2i, b2i = p2i - q2r;
      const b3r = p2r - q2i, b3i = p2i + q2r;
      const o0 = 2 * (k + s * 5 * q);
      y[o0] = a0r + s1r + s2r;
      y[o0 + 1] = a0i + s1i + s2i;
      y[o0 + os] = b1r * w1r - b1i * w1i;
      y[o0 + os + 1] = b1r * w1i + b1i * w1r;
      y[o0 + 2 * os] = b2r * w2r - b2i * w2i;
      y[o0 + 2 * os + 1] = b2r * w2i + b2i * w2r;
      y[o0 + 3 * os] = b3r * w3r - b3i * w3i;
      y[o0 + 3 * os + 1] = b3r * w3i + b3i * w3r;
      y[o0 + 4 * os] = b4r * w4r - b4i * w4i;
      y[o0 + 4 * os + 1] = b4r * w4i + b4i * w4r;
    }
  }
}

/** Any radix: direct p-point DFT per butterfly (used only for prime factors above 5). */
function radixGeneric(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { p, m, s, tw } = st;
  const roots = st.roots as Float64Array;
  const step = 2 * s * m;
  const os = 2 * s;
  for (let q = 0; q < m; q++) {
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const o0 = 2 * (k + s * p * q);
      for (let j = 0; j < p; j++) {
        let sr = 0;
        let si = 0;
        for (let r = 0; r < p; r++) {
          const e = 2 * ((r * j) % p);
          const ar = x[i0 + r * step], ai = x[i0 + r * step + 1];
          sr += ar * roots[e] - ai * roots[e + 1];
          si += ar * roots[e + 1] + ai * roots[e];
        }
        if (j === 0) {
          y[o0] = sr;
          y[o0 + 1] = si;
        } else {
          const t = 2 * (q * (p - 1) + j - 1);
          y[o0 + j * os] = sr * tw[t] - si * tw[t + 1];
          y[o0 + j * os + 1] = sr * tw[t + 1] + si * tw[t];
        }
      }
    }
  }
}

/** Last stage (m = 1): every twiddle is 1, so the butterflies need no multiplication. */
function lastStage(st: Stage, x: Float64Array, xo: number, y: Float64Array): boolean {
  const { p, s } = st;
  if (p === 5) {
    const step = 2 * s;
    for (let k = 0; k < s; k++) {
      const o0 = 2 * k;
      const i0 = xo + o0;
      const a0r = x[i0], a0i = x[i0 + 1];
      const a1r = x[i0 + step], a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step], a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step], a3i = x[i0 + 3 * step + 1];
      const a4r = x[i0 + 4 * step], a4i = x[i0 + 4 * step + 1];
      const s1r = a1r + a4r, s1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
      const s2r = a2r + a3r, s2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
      const p1r = a0r + C1 * s1r + C2 * s2r, p1i = a0i + C1 * s1i + C2 * s2i;
      const p2r = a0r + C2 * s1r + C1 * s2r, p2i = a0i + C2 * s1i + C1 * s2i;
      const q1r = S1 * d1r + S2 * d2r, q1i = S1 * d1i + S2 * d2i;
      const q2r = S2 * d1r - S1 * d2r, q2i = S2 * d1i - S1 * d2i;
      y[o0] = a0r + s1r + s2r;
      y[o0 + 1] = a0i + s1i + s2i;
      y[o0 + step] = p1r + q1i;
      y[o0 + step + 1] = p1i - q1r;
      y[o0 + 2 * step] = p2r + q2i;
      y[o0 + 2 * step + 1] = p2i - q2r;
      y[o0 + 3 * step] = p2r - q2i;
      y[o0 + 3 * step + 1] = p2i + q2r;
      y[o0 + 4 * step] = p1r - q1i;
      y[o0 + 4 * step + 1] = p1i + q1r;
    }
    return true;
  }
  if (p === 4) {
    const step = 2 * s;
    for (let k = 0; k < s; k++) {
      const o0 = 2 * k;
      const i0 = xo + o0;
      const a0r = x[i0], a0i = x[i0 + 1];
      const a1r = x[i0 + step], a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step], a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step], a3i = x[i0 + 3 * step + 1];
      const t0r = a0r + a2r, t0i = a0i + a2i;
      const t1r = a0r - a2r, t1i = a0i - a2i;
      const t2r = a1r + a3r, t2i = a1i + a3i;
      const t3r = a1r - a3r, t3i = a1i - a3i;
      y[o0] = t0r + t2r;
      y[o0 + 1] = t0i + t2i;
      y[o0 + step] = t1r + t3i;
      y[o0 + step + 1] = t1i - t3r;
      y[o0 + 2 * step] = t0r - t2r;
      y[o0 + 2 * step + 1] = t0i - t2i;
      y[o0 + 3 * step] = t1r - t3i;
      y[o0 + 3 * step + 1] = t1i + t3r;
    }
    return true;
  }
  if (p === 2) {
    const step = 2 * s;
    for (let k = 0; k < s; k++) {
      const o0 = 2 * k;
      const i0 = xo + o0;
      const ar = x[i0], ai = x[i0 + 1], br = x[i0 + step], bi = x[i0 + step + 1];
      y[o0] = ar + br;
      y[o0 + 1] = ai + bi;
      y[o0 + step] = ar - br;
      y[o0 + step + 1] = ai - bi;
    }
    return true;
  }
  return false;
}

/** One stage from x (starting at index xo) into y. */
function runStage(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  if (st.m === 1 && lastStage(st, x, xo, y)) return;
  switch (st.p) {
    case 2:
      return radix2(st, x, xo, y);
    case 3:
      return radix3(st, x, xo, y);
    case 4:
      return radix4(st, x, xo, y);
    case 5:
      return radix5(st, x, xo, y);
    default:
      return radixGeneric(st, x, xo, y);
  }
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
        const a = z[2 * i], b = z[2 * i + 1];
        const c = z[2 * j], d = z[2 * j + 1];
        const er = 0.5 * (a + c), ei = 0.5 * (b - d);
        const or = 0.5 * (b + d), oi = -0.5 * (a - c);
        const wr = cosT[k], wi = sinT[k];
        outRe[k] = er + wr * or - wi * oi;
        outIm[k] = ei + wr * oi + wi * or;
      }
    },
    powerSpectrum(input: Float64Array, out: Float64Array, inputOffset = 0): void {
      inner.forward(input, z, inputOffset);
      for (let k = 0; k <= half; k++) {
        const i = k === half ? 0 : k;
        const j = k === 0 ? 0 : half - k;
        const a = z[2 * i], b = z[2 * i + 1];
        const c = z[2 * j], d = z[2 * j + 1];
        const er = 0.5 * (a + c), ei = 0.5 * (b - d);
        const or = 0.5 * (b + d), oi = -0.5 * (a - c);
        const wr = cosT[k], wi = sinT[k];
        const xr = er + wr * or - wi * oi;
        const xi = ei + wr * oi + wi * or;
        out[k] = xr * xr + xi * xi;
      }
    },
  };
}
