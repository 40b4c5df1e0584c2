// test/helpers/kit.ts
import { existsSync, readFileSync as readFileSync2 } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// packages/cli/src/conformance/kit.ts
import { readFileSync } from "node:fs";
function readArrayFile(bin) {
  const base = bin.endsWith(".bin") ? bin.slice(0, -4) : bin;
  const meta = JSON.parse(readFileSync(`${base}.json`, "utf8"));
  const buf = readFileSync(`${base}.bin`);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const ctors = { float32: Float32Array, float64: Float64Array, int32: Int32Array, int64: BigInt64Array, int16: Int16Array };
  const ctor = ctors[meta.dtype];
  if (!ctor) throw new Error(`${base}.json: unsupported dtype ${meta.dtype}`);
  return { dtype: meta.dtype, shape: meta.shape, data: new ctor(ab) };
}
function compare(actual, expected, tol) {
  if (actual.length !== expected.length) return { ok: false, maxAbs: Infinity };
  const abs = tol.abs ?? 0;
  const rel = tol.rel ?? 0;
  let ok = true;
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= abs + rel * Math.abs(expected[i]))) ok = false;
    if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
  }
  return { ok, maxAbs };
}

// test/helpers/kit.ts
var REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
var KIT_DIR = process.env.WHISPERX_KIT_DIR ? path.resolve(process.env.WHISPERX_KIT_DIR) : path.resolve(REPO_ROOT, "../shared/conformance");
function kitPath(...parts) {
  return path.join(KIT_DIR, ...parts);
}
var readKitArray = readArrayFile;
function compareArrays(actual, expected, tol) {
  return compare(actual, expected, tol);
}
function readKitWav(file, channel = null) {
  const buf = readFileSync2(file);
  let off = 12;
  let channels = 1;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === "fmt ") channels = buf.readUInt16LE(off + 10);
    if (id === "data") {
      const n = Math.floor(size / 2 / channels);
      const out = new Float32Array(n);
      const ch = channel ?? 0;
      for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(off + 8 + (i * channels + ch) * 2) / 32768;
      return out;
    }
    off += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

// packages/core/src/audio/fft.ts
function factorize(n) {
  const factors = [];
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
function planStages(n) {
  const stages = [];
  let len = n;
  let s = 1;
  for (const p of factorize(n)) {
    const m = len / p;
    const tw = new Float64Array(2 * m * (p - 1));
    for (let q = 0; q < m; q++) {
      for (let j = 1; j < p; j++) {
        const angle = -2 * Math.PI * q * j / len;
        const at = 2 * (q * (p - 1) + j - 1);
        tw[at] = Math.cos(angle);
        tw[at + 1] = Math.sin(angle);
      }
    }
    let roots = null;
    if (p !== 2 && p !== 3 && p !== 4 && p !== 5) {
      roots = new Float64Array(2 * p);
      for (let k = 0; k < p; k++) {
        roots[2 * k] = Math.cos(-2 * Math.PI * k / p);
        roots[2 * k + 1] = Math.sin(-2 * Math.PI * k / p);
      }
    }
    stages.push({ p, m, s, tw, roots });
    len = m;
    s *= p;
  }
  return stages;
}
function radix2(st, x, xo, y) {
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
function radix3(st, x, xo, y) {
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
function radix4(st, x, xo, y) {
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
var C1 = Math.cos(2 * Math.PI / 5);
var C2 = Math.cos(4 * Math.PI / 5);
var S1 = Math.sin(2 * Math.PI / 5);
var S2 = Math.sin(4 * Math.PI / 5);
function radix5(st, x, xo, y) {
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
function radixGeneric(st, x, xo, y) {
  const { p, m, s, tw } = st;
  const roots = st.roots;
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
          const e = 2 * (r * j % p);
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
function lastStage(st, x, xo, y) {
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
function runStage(st, x, xo, y) {
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
function createComplexFft(n) {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT size must be a positive integer, got ${n}`);
  const stages = planStages(n);
  const scratch = new Float64Array(2 * n);
  return {
    size: n,
    forward(input, output, inputOffset = 0) {
      if (stages.length === 0) {
        output[0] = input[inputOffset];
        output[1] = input[inputOffset + 1];
        return;
      }
      let src = input;
      let offset = inputOffset;
      for (let i = 0; i < stages.length; i++) {
        const dst = (stages.length - 1 - i) % 2 === 0 ? output : scratch;
        runStage(stages[i], src, offset, dst);
        src = dst;
        offset = 0;
      }
    }
  };
}
function createRealFft(n) {
  if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) throw new RangeError(`real FFT size must be even, got ${n}`);
  const half = n / 2;
  const inner = createComplexFft(half);
  const z = new Float64Array(2 * half);
  const cosT = new Float64Array(half + 1);
  const sinT = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    cosT[k] = Math.cos(2 * Math.PI * k / n);
    sinT[k] = -Math.sin(2 * Math.PI * k / n);
  }
  return {
    size: n,
    forward(input, outRe, outIm, inputOffset = 0) {
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
    powerSpectrum(input, out, inputOffset = 0) {
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
    }
  };
}

// packages/core/src/audio/mel-filters.ts
var MIN_LOG_HZ = 1e3;
var MIN_LOG_MEL = 15;
var LOG_STEP = 27 / Math.log(6.4);
function hertzToMel(hz) {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) * LOG_STEP : 3 * hz / 200;
}
function melToHertz(mel) {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp((mel - MIN_LOG_MEL) / LOG_STEP) : 200 * mel / 3;
}
function filterBank64(nMels, options) {
  const sampleRate = options.sampleRate ?? 16e3;
  const nFft = options.nFft ?? 400;
  const fMin = options.minFrequency ?? 0;
  const fMax = options.maxFrequency ?? sampleRate / 2;
  if (!Number.isInteger(nMels) || nMels < 1) throw new RangeError(`nMels must be a positive integer, got ${nMels}`);
  const nBins = Math.floor(nFft / 2) + 1;
  const melMin = hertzToMel(fMin);
  const melMax = hertzToMel(fMax);
  const edges = new Float64Array(nMels + 2);
  for (let i = 0; i < nMels + 2; i++) edges[i] = melToHertz(melMin + (melMax - melMin) * i / (nMels + 1));
  const bank = new Float64Array(nBins * nMels);
  const nyquist = Math.floor(sampleRate / 2);
  for (let b = 0; b < nBins; b++) {
    const f = nyquist * b / (nBins - 1);
    for (let m = 0; m < nMels; m++) {
      const down = (f - edges[m]) / (edges[m + 1] - edges[m]);
      const up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
      const tri = Math.max(0, Math.min(down, up));
      bank[b * nMels + m] = tri * 2 / (edges[m + 2] - edges[m]);
    }
  }
  return { bank, nBins };
}
function melFilters(nMels, options = {}) {
  return Float32Array.from(filterBank64(nMels, options).bank);
}
function sparseMelFilters(nMels, options = {}) {
  const { bank, nBins } = filterBank64(nMels, options);
  const filters = [];
  for (let m = 0; m < nMels; m++) {
    let lo = -1;
    let hi = -1;
    for (let b = 0; b < nBins; b++) {
      if (bank[b * nMels + m] !== 0) {
        if (lo < 0) lo = b;
        hi = b;
      }
    }
    if (lo < 0) {
      filters.push({ start: 0, weights: new Float64Array(0) });
      continue;
    }
    const weights = new Float64Array(hi - lo + 1);
    for (let b = lo; b <= hi; b++) weights[b - lo] = bank[b * nMels + m];
    filters.push({ start: lo, weights });
  }
  return filters;
}

// packages/core/src/audio/log-mel.ts
var WHISPER_SAMPLE_RATE = 16e3;
var WHISPER_N_FFT = 400;
var WHISPER_HOP_LENGTH = 160;
var WHISPER_N_SAMPLES = 48e4;
function createLogMelExtractor(options) {
  const nMels = options.nMels;
  if (nMels !== 80 && nMels !== 128) throw new RangeError(`nMels must be 80 or 128, got ${String(nMels)}`);
  const length = options.padOrTrimTo ?? WHISPER_N_SAMPLES;
  const nFft = WHISPER_N_FFT;
  const hop = WHISPER_HOP_LENGTH;
  const half = nFft / 2;
  if (!Number.isInteger(length) || length <= half) {
    throw new RangeError(`padOrTrimTo must be an integer above ${half}, got ${length}`);
  }
  const nFrames = Math.floor(length / hop);
  const windowSize = nMels * nFrames;
  const nBins = half + 1;
  const fft = createRealFft(nFft);
  const filters = sparseMelFilters(nMels, { sampleRate: WHISPER_SAMPLE_RATE, nFft });
  const starts = Int32Array.from(filters, (f) => f.start);
  const offsets = new Int32Array(nMels + 1);
  filters.forEach((f, m) => offsets[m + 1] = offsets[m] + f.weights.length);
  const weights = new Float64Array(offsets[nMels]);
  filters.forEach((f, m) => weights.set(f.weights, offsets[m]));
  const padded = new Float64Array(length + nFft);
  const re = new Float64Array(nBins + 2);
  const im = new Float64Array(nBins + 2);
  const specRe = re.subarray(1, nBins + 1);
  const specIm = im.subarray(1, nBins + 1);
  const power = new Float64Array(nBins);
  function framePower(offset) {
    fft.forward(padded, specRe, specIm, offset);
    re[0] = re[2];
    im[0] = -im[2];
    re[nBins + 1] = re[nBins - 1];
    im[nBins + 1] = -im[nBins - 1];
    for (let k = 1; k <= nBins; k++) {
      const wr = 0.5 * re[k] - 0.25 * (re[k - 1] + re[k + 1]);
      const wi = 0.5 * im[k] - 0.25 * (im[k - 1] + im[k + 1]);
      power[k - 1] = wr * wr + wi * wi;
    }
  }
  function fillPadded(audio) {
    const n = Math.min(audio.length, length);
    for (let i = 0; i < n; i++) padded[half + i] = audio[i];
    padded.fill(0, half + n, half + length);
    for (let i = 1; i <= half; i++) {
      padded[half - i] = padded[half + i];
      padded[half + length - 1 + i] = padded[half + length - 1 - i];
    }
    return n < length - half ? half + n : padded.length;
  }
  const silentLog = Math.log(1e-10) * Math.LOG10E;
  function computeInto(audio, out, row) {
    const base = row * windowSize;
    if (!Number.isInteger(row) || row < 0 || base + windowSize > out.length) {
      throw new RangeError(`batch row ${row} does not fit an output of ${out.length} values (${windowSize} per row)`);
    }
    const zerosFrom = fillPadded(audio);
    const silentFrom = Math.min(nFrames, Math.ceil(zerosFrom / hop));
    let maxLog = -Infinity;
    for (let t = silentFrom; t < nFrames; t++) {
      for (let m = 0; m < nMels; m++) out[base + m * nFrames + t] = silentLog;
      if (silentLog > maxLog) maxLog = silentLog;
    }
    for (let t = 0; t < silentFrom; t++) {
      framePower(t * hop);
      for (let m = 0; m < nMels; m++) {
        const end = offsets[m + 1];
        let sum = 0;
        for (let k = offsets[m], b = starts[m]; k < end; k++, b++) sum += weights[k] * power[b];
        const v = Math.log(sum > 1e-10 ? sum : 1e-10) * Math.LOG10E;
        if (v > maxLog) maxLog = v;
        out[base + m * nFrames + t] = v;
      }
    }
    const floor = maxLog - 8;
    for (let i = base; i < base + windowSize; i++) {
      const v = out[i];
      out[i] = ((v > floor ? v : floor) + 4) / 4;
    }
  }
  return {
    nMels,
    nFrames,
    windowSize,
    compute(audio) {
      const out = new Float32Array(windowSize);
      computeInto(audio, out, 0);
      return out;
    },
    computeInto
  };
}
function logMelSpectrogram(audio, options) {
  return createLogMelExtractor(options).compute(audio);
}

// packages/core/src/vad/silero.ts
import { fileURLToPath as fileURLToPath2 } from "node:url";

// packages/core/src/errors.ts
var EXIT_CODES = {
  ok: 0,
  runtime: 1,
  usage: 2,
  sigint: 130,
  sigterm: 143
};
var WhisperxError = class extends Error {
  kind;
  cause;
  constructor(kind, message, options = {}) {
    super(message);
    this.name = "WhisperxError";
    this.kind = kind;
    this.cause = options.cause;
  }
  /** The CLI exit code for this error. */
  get exitCode() {
    if (this.kind === "usage") return EXIT_CODES.usage;
    if (this.kind === "aborted") return EXIT_CODES.sigint;
    return EXIT_CODES.runtime;
  }
};
function throwIfAborted(signal) {
  if (signal?.aborted) throw new WhisperxError("aborted", "Cancelled.");
}

// packages/core/src/onnx/session.ts
import { existsSync as existsSync2, statSync } from "node:fs";
import ort from "onnxruntime-node";
var Tensor = ort.Tensor;
function supportedDevices() {
  const names = (ort.listSupportedBackends?.() ?? []).map((b) => b.name);
  const out = ["cpu"];
  for (const n of names) {
    if (n === "cuda" || n === "coreml" || n === "webgpu") out.push(n);
  }
  return out;
}
function executionProviders(options) {
  const device = options.device ?? "cpu";
  const available = supportedDevices();
  if (device === "cpu") return ["cpu"];
  if (device === "auto") {
    return process.platform === "darwin" && available.includes("coreml") ? ["coreml", "cpu"] : ["cpu"];
  }
  if (!available.includes(device)) {
    throw new WhisperxError(
      "usage",
      `--device ${device}: this onnxruntime-node build has no ${device} provider on ${process.platform}-${process.arch} (available: ${available.join(", ")}). Use --device cpu.`
    );
  }
  if (device === "cuda") return [{ name: "cuda", deviceId: options.deviceIndex ?? 0 }, "cpu"];
  return [device, "cpu"];
}
async function createSession(modelPath, options = {}) {
  if (!existsSync2(modelPath)) {
    throw new WhisperxError("model", `${modelPath}: model file not found.`);
  }
  if (!modelPath.endsWith(".onnx")) {
    throw new WhisperxError("model", `${modelPath}: only .onnx files are loaded by onnxruntime here.`);
  }
  if (statSync(modelPath).size === 0) {
    throw new WhisperxError("model", `${modelPath}: the file is empty (an interrupted download?). Delete it and retry.`);
  }
  const sessionOptions = {
    executionProviders: executionProviders(options),
    graphOptimizationLevel: options.graphOptimizationLevel ?? "all"
  };
  if (options.threads && options.threads > 0) {
    sessionOptions.intraOpNumThreads = options.threads;
    sessionOptions.interOpNumThreads = 1;
  }
  try {
    return await ort.InferenceSession.create(modelPath, sessionOptions);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new WhisperxError("model", `${modelPath}: onnxruntime could not load this model (${reason}).`, { cause });
  }
}
async function releaseSession(session) {
  if (!session) return;
  try {
    await session.release();
  } catch {
  }
}
function float32Tensor(data, dims) {
  return new ort.Tensor("float32", data, dims);
}
function int64Tensor(values, dims) {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]);
  return new ort.Tensor("int64", data, dims);
}

// packages/core/src/vad/silero.ts
var SILERO_CHUNK_SAMPLES = 512;
var SILERO_CONTEXT_SAMPLES = 64;
var SILERO_SAMPLE_RATE = 16e3;
var STATE_SHAPE = [2, 1, 128];
function sileroModelPath(version) {
  const file = version === "v5" ? "silero_vad_v5.onnx" : "silero_vad_v6.2.onnx";
  return fileURLToPath2(new URL(`../../assets/silero/${file}`, import.meta.url));
}
var SileroVad = class _SileroVad {
  modelPath;
  session;
  inputName;
  stateName;
  srName;
  probName;
  stateOutName;
  constructor(session, modelPath) {
    this.session = session;
    this.modelPath = modelPath;
    const inputs = session.inputNames;
    const outputs = session.outputNames;
    const need = (names, name, what) => {
      if (!names.includes(name)) {
        throw new WhisperxError(
          "model",
          `${modelPath}: not a Silero v5/v6 VAD model (no ${what} '${name}'; found ${names.join(", ")}).`
        );
      }
      return name;
    };
    this.inputName = need(inputs, "input", "input");
    this.stateName = need(inputs, "state", "input");
    this.srName = need(inputs, "sr", "input");
    this.probName = need(outputs, "output", "output");
    this.stateOutName = need(outputs, "stateN", "output");
  }
  /** Open a shipped (default v6.2) or given Silero model. */
  static async load(options = {}) {
    const modelPath = options.modelPath ?? sileroModelPath(options.version ?? "v6.2");
    const session = await createSession(modelPath, { threads: 1, ...options.session });
    try {
      return new _SileroVad(session, modelPath);
    } catch (error) {
      await releaseSession(session);
      throw error;
    }
  }
  /** Speech probability of every 512-sample chunk of `audio` (16 kHz mono). */
  async speechProbabilities(audio, options = {}) {
    const session = this.session;
    if (!session) throw new WhisperxError("runtime", `${this.modelPath}: this Silero model was released.`);
    const chunk = SILERO_CHUNK_SAMPLES;
    const ctx = SILERO_CONTEXT_SAMPLES;
    const numChunks = Math.ceil(audio.length / chunk);
    const probs = new Float32Array(numChunks);
    const buffer = new Float32Array(ctx + chunk);
    const feeds = {
      [this.inputName]: float32Tensor(buffer, [1, ctx + chunk]),
      [this.stateName]: float32Tensor(new Float32Array(2 * 128), STATE_SHAPE),
      [this.srName]: int64Tensor([SILERO_SAMPLE_RATE], [])
    };
    const progressEvery = Math.max(1, Math.round(10 * SILERO_SAMPLE_RATE / chunk));
    for (let i = 0; i < numChunks; i++) {
      if (i > 0) buffer.copyWithin(0, chunk, chunk + ctx);
      const start = i * chunk;
      const end = Math.min(start + chunk, audio.length);
      buffer.set(audio.subarray(start, end), ctx);
      if (end - start < chunk) buffer.fill(0, ctx + end - start);
      const out = await session.run(feeds);
      probs[i] = out[this.probName].data[0];
      feeds[this.stateName] = out[this.stateOutName];
      if (i % progressEvery === progressEvery - 1) {
        throwIfAborted(options.signal);
        options.onProgress?.((i + 1) / numChunks);
      }
    }
    options.onProgress?.(1);
    return { probs, numSamples: audio.length, samplingRate: SILERO_SAMPLE_RATE, windowSizeSamples: chunk };
  }
  /** Free the native session (safe to call twice). */
  async release() {
    const session = this.session;
    this.session = void 0;
    await releaseSession(session);
  }
};

// ../../tmp/maxabs.ts
import { readFileSync as readFileSync3 } from "node:fs";
var jfk = readKitWav(kitPath("audio/jfk.wav"));
for (const n of [80, 128]) {
  const e = readKitArray(kitPath(`whisper-mini/golden/jfk.mel${n}.bin`));
  console.log("log_mel", n, compareArrays(logMelSpectrogram(jfk, { nMels: n }), e.data, { abs: 1e-4 }).maxAbs);
  const f = readKitArray(kitPath(`whisper-mini/golden/mel_filters${n}.bin`));
  console.log("mel_filters", n, compareArrays(melFilters(n), f.data, { abs: 1e-6 }).maxAbs);
}
for (const v of ["v5", "v6.2"]) {
  const m = await SileroVad.load({ version: v });
  for (const [name, file] of [["jfk", "audio/jfk.wav"], ["two-speakers", "audio/two-speakers.wav"], ["librivox-0870", "audio/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"]]) {
    const g = JSON.parse(readFileSync3(kitPath(`silero/golden/${name}.silero_${v}.json`), "utf8")).speech_probs;
    const audio = readKitWav(kitPath(file));
    const t = performance.now();
    const p = await m.speechProbabilities(audio);
    const ms = performance.now() - t;
    console.log("silero", v, name, compareArrays(p.probs, g, { abs: 1e-4 }).maxAbs, `${p.probs.length} chunks ${(ms / p.probs.length * 1e3).toFixed(0)} us/chunk`);
  }
  await m.release();
}
