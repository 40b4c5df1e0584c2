/**
 * Butterflies of the Stockham FFT in fft.ts: one function per radix (2, 4, 5, 8, any), each
 * running one stage over all sub-sequences, plus a twiddle-free radix-5 last stage (n = 200).
 * Stage p with sub-length m and stride s reads a_r = x[k + s (q + m r)] and writes
 * y[k + s (p q + j)] = w^(q j) * sum_r a_r exp(-2 pi i r j / p), q < m, k < s (complex
 * indices; interleaved re/im; x read from index xo).
 */

export interface Stage {
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

function radix2(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { m, s, tw } = st;
  for (let q = 0; q < m; q++) {
    const wr = tw[2 * q];
    const wi = tw[2 * q + 1];
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const i1 = i0 + 2 * s * m;
      const ar = x[i0],
        ai = x[i0 + 1],
        br = x[i1],
        bi = x[i1 + 1];
      const o0 = 2 * (k + s * 2 * q);
      const o1 = o0 + 2 * s;
      y[o0] = ar + br;
      y[o0 + 1] = ai + bi;
      const dr = ar - br,
        di = ai - bi;
      y[o1] = dr * wr - di * wi;
      y[o1 + 1] = dr * wi + di * wr;
    }
  }
}

function radix4(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { m, s, tw } = st;
  const step = 2 * s * m;
  const os = 2 * s;
  for (let q = 0; q < m; q++) {
    const t = 6 * q;
    const w1r = tw[t],
      w1i = tw[t + 1],
      w2r = tw[t + 2],
      w2i = tw[t + 3],
      w3r = tw[t + 4],
      w3i = tw[t + 5];
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const a0r = x[i0],
        a0i = x[i0 + 1];
      const a1r = x[i0 + step],
        a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step],
        a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step],
        a3i = x[i0 + 3 * step + 1];
      const t0r = a0r + a2r,
        t0i = a0i + a2i;
      const t1r = a0r - a2r,
        t1i = a0i - a2i;
      const t2r = a1r + a3r,
        t2i = a1i + a3i;
      const t3r = a1r - a3r,
        t3i = a1i - a3i;
      const b1r = t1r + t3i,
        b1i = t1i - t3r;
      const b2r = t0r - t2r,
        b2i = t0i - t2i;
      const b3r = t1r - t3i,
        b3i = t1i + t3r;
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

const H = Math.SQRT1_2;

/**
 * Radix 8 as two radix-4 DFTs: u_r = a_r + a_(r+4) gives the even outputs, v_r = (a_r - a_(r+4))
 * w8^r (w8 = exp(-i pi / 4)) the odd ones.
 */
function radix8(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  const { m, s, tw } = st;
  const step = 2 * s * m;
  const os = 2 * s;
  for (let q = 0; q < m; q++) {
    const t = 14 * q;
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const a0r = x[i0],
        a0i = x[i0 + 1];
      const a1r = x[i0 + step],
        a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step],
        a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step],
        a3i = x[i0 + 3 * step + 1];
      const a4r = x[i0 + 4 * step],
        a4i = x[i0 + 4 * step + 1];
      const a5r = x[i0 + 5 * step],
        a5i = x[i0 + 5 * step + 1];
      const a6r = x[i0 + 6 * step],
        a6i = x[i0 + 6 * step + 1];
      const a7r = x[i0 + 7 * step],
        a7i = x[i0 + 7 * step + 1];
      const u0r = a0r + a4r,
        u0i = a0i + a4i;
      const u1r = a1r + a5r,
        u1i = a1i + a5i;
      const u2r = a2r + a6r,
        u2i = a2i + a6i;
      const u3r = a3r + a7r,
        u3i = a3i + a7i;
      const v0r = a0r - a4r,
        v0i = a0i - a4i;
      const d1r = a1r - a5r,
        d1i = a1i - a5i;
      const v1r = H * (d1r + d1i),
        v1i = H * (d1i - d1r); // * H (1 - i)
      const v2r = a2i - a6i,
        v2i = a6r - a2r; // (a2 - a6) * -i
      const d3r = a3r - a7r,
        d3i = a3i - a7i;
      const v3r = H * (d3i - d3r),
        v3i = -H * (d3r + d3i); // * -H (1 + i)
      // 4-point DFTs (as radix4): even outputs from u, odd outputs from v.
      const e0r = u0r + u2r,
        e0i = u0i + u2i,
        e1r = u0r - u2r,
        e1i = u0i - u2i;
      const e2r = u1r + u3r,
        e2i = u1i + u3i,
        e3r = u1r - u3r,
        e3i = u1i - u3i;
      const f0r = v0r + v2r,
        f0i = v0i + v2i,
        f1r = v0r - v2r,
        f1i = v0i - v2i;
      const f2r = v1r + v3r,
        f2i = v1i + v3i,
        f3r = v1r - v3r,
        f3i = v1i - v3i;
      const b1r = f0r + f2r,
        b1i = f0i + f2i;
      const b2r = e1r + e3i,
        b2i = e1i - e3r;
      const b3r = f1r + f3i,
        b3i = f1i - f3r;
      const b4r = e0r - e2r,
        b4i = e0i - e2i;
      const b5r = f0r - f2r,
        b5i = f0i - f2i;
      const b6r = e1r - e3i,
        b6i = e1i + e3r;
      const b7r = f1r - f3i,
        b7i = f1i + f3r;
      const o0 = 2 * (k + s * 8 * q);
      y[o0] = e0r + e2r;
      y[o0 + 1] = e0i + e2i;
      y[o0 + os] = b1r * tw[t] - b1i * tw[t + 1];
      y[o0 + os + 1] = b1r * tw[t + 1] + b1i * tw[t];
      y[o0 + 2 * os] = b2r * tw[t + 2] - b2i * tw[t + 3];
      y[o0 + 2 * os + 1] = b2r * tw[t + 3] + b2i * tw[t + 2];
      y[o0 + 3 * os] = b3r * tw[t + 4] - b3i * tw[t + 5];
      y[o0 + 3 * os + 1] = b3r * tw[t + 5] + b3i * tw[t + 4];
      y[o0 + 4 * os] = b4r * tw[t + 6] - b4i * tw[t + 7];
      y[o0 + 4 * os + 1] = b4r * tw[t + 7] + b4i * tw[t + 6];
      y[o0 + 5 * os] = b5r * tw[t + 8] - b5i * tw[t + 9];
      y[o0 + 5 * os + 1] = b5r * tw[t + 9] + b5i * tw[t + 8];
      y[o0 + 6 * os] = b6r * tw[t + 10] - b6i * tw[t + 11];
      y[o0 + 6 * os + 1] = b6r * tw[t + 11] + b6i * tw[t + 10];
      y[o0 + 7 * os] = b7r * tw[t + 12] - b7i * tw[t + 13];
      y[o0 + 7 * os + 1] = b7r * tw[t + 13] + b7i * tw[t + 12];
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
    const w1r = tw[t],
      w1i = tw[t + 1],
      w2r = tw[t + 2],
      w2i = tw[t + 3];
    const w3r = tw[t + 4],
      w3i = tw[t + 5],
      w4r = tw[t + 6],
      w4i = tw[t + 7];
    for (let k = 0; k < s; k++) {
      const i0 = xo + 2 * (k + s * q);
      const a0r = x[i0],
        a0i = x[i0 + 1];
      const a1r = x[i0 + step],
        a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step],
        a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step],
        a3i = x[i0 + 3 * step + 1];
      const a4r = x[i0 + 4 * step],
        a4i = x[i0 + 4 * step + 1];
      const s1r = a1r + a4r,
        s1i = a1i + a4i,
        d1r = a1r - a4r,
        d1i = a1i - a4i;
      const s2r = a2r + a3r,
        s2i = a2i + a3i,
        d2r = a2r - a3r,
        d2i = a2i - a3i;
      const p1r = a0r + C1 * s1r + C2 * s2r,
        p1i = a0i + C1 * s1i + C2 * s2i;
      const p2r = a0r + C2 * s1r + C1 * s2r,
        p2i = a0i + C2 * s1i + C1 * s2i;
      // q1 = S1*d1 + S2*d2, q2 = S2*d1 - S1*d2; A1 = p1 - i q1, A4 = p1 + i q1, A2 = p2 - i q2, A3 = p2 + i q2.
      const q1r = S1 * d1r + S2 * d2r,
        q1i = S1 * d1i + S2 * d2i;
      const q2r = S2 * d1r - S1 * d2r,
        q2i = S2 * d1i - S1 * d2i;
      const b1r = p1r + q1i,
        b1i = p1i - q1r;
      const b4r = p1r - q1i,
        b4i = p1i + q1r;
      const b2r = p2r + q2i,
        b2i = p2i - q2r;
      const b3r = p2r - q2i,
        b3i = p2i + q2r;
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

/** Any radix: direct p-point DFT per butterfly (factors 3, 7, 11, ...). */
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
          const ar = x[i0 + r * step],
            ai = x[i0 + r * step + 1];
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

/** Last stage (m = 1): every twiddle is 1, so the radix-5 butterflies need no multiplication. */
function lastStage(st: Stage, x: Float64Array, xo: number, y: Float64Array): boolean {
  const { p, s } = st;
  if (p === 5) {
    const step = 2 * s;
    for (let k = 0; k < s; k++) {
      const o0 = 2 * k;
      const i0 = xo + o0;
      const a0r = x[i0],
        a0i = x[i0 + 1];
      const a1r = x[i0 + step],
        a1i = x[i0 + step + 1];
      const a2r = x[i0 + 2 * step],
        a2i = x[i0 + 2 * step + 1];
      const a3r = x[i0 + 3 * step],
        a3i = x[i0 + 3 * step + 1];
      const a4r = x[i0 + 4 * step],
        a4i = x[i0 + 4 * step + 1];
      const s1r = a1r + a4r,
        s1i = a1i + a4i,
        d1r = a1r - a4r,
        d1i = a1i - a4i;
      const s2r = a2r + a3r,
        s2i = a2i + a3i,
        d2r = a2r - a3r,
        d2i = a2i - a3i;
      const p1r = a0r + C1 * s1r + C2 * s2r,
        p1i = a0i + C1 * s1i + C2 * s2i;
      const p2r = a0r + C2 * s1r + C1 * s2r,
        p2i = a0i + C2 * s1i + C1 * s2i;
      const q1r = S1 * d1r + S2 * d2r,
        q1i = S1 * d1i + S2 * d2i;
      const q2r = S2 * d1r - S1 * d2r,
        q2i = S2 * d1i - S1 * d2i;
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
  return false;
}

/** One stage from x (starting at index xo) into y. */
export function runStage(st: Stage, x: Float64Array, xo: number, y: Float64Array): void {
  if (st.m === 1 && lastStage(st, x, xo, y)) return;
  switch (st.p) {
    case 2:
      return radix2(st, x, xo, y);
    case 4:
      return radix4(st, x, xo, y);
    case 5:
      return radix5(st, x, xo, y);
    case 8:
      return radix8(st, x, xo, y);
    default:
      return radixGeneric(st, x, xo, y);
  }
}
