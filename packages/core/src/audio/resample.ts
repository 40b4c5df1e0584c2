/**
 * Channel downmix and band-limited sample-rate conversion for the WASM decode path (ffmpeg does
 * both itself). The resampler is a polyphase windowed-sinc (Kaiser window) filter for the exact
 * rational ratio to/from: when downsampling, the low-pass cutoff sits below the OUTPUT Nyquist
 * frequency so nothing above it aliases back into the band.
 */

/** Resampler quality knobs. Defaults give >= 75 dB stopband rejection from the output Nyquist up. */
export interface ResampleOptions {
  /** Sinc zero crossings on each side of the kernel, counted at the lower of the two rates. Default 32. */
  zeroCrossings?: number;
  /** Kaiser window beta (larger = more stopband rejection, wider transition). Default 8. */
  kaiserBeta?: number;
  /** Passband edge (-6 dB point) as a fraction of the lower Nyquist frequency. Default 0.92. */
  cutoff?: number;
}

const DEFAULTS: Required<ResampleOptions> = { zeroCrossings: 32, kaiserBeta: 8, cutoff: 0.92 };

/** Largest phase table built up front (phases x taps); rarer ratios compute taps per sample. */
const MAX_TABLE = 1 << 22;

/** Average the channels into one (the WASM path's downmix; a single channel is returned as is). */
export function downmixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0];
  const n = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(n);
  const k = channels.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += channels[c][i];
    out[i] = sum / k;
  }
  return out;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** The filter for one rational ratio: `up` phases of `taps` coefficients each. */
interface Kernel {
  up: number;
  down: number;
  /** Taps per phase; the input window of output n starts at floor(n*down/up) - half + 1. */
  taps: number;
  half: number;
  /** Normalised (DC gain 1) windowed-sinc value for a phase (null table: computed on demand). */
  table: Float64Array | null;
  coefficients(phase: number, into: Float64Array): void;
}

function makeKernel(fromRate: number, toRate: number, opts: Required<ResampleOptions>): Kernel {
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  // Cutoff in cycles per INPUT sample x 2 (1 = input Nyquist).
  const scale = Math.min(1, up / down) * opts.cutoff;
  const reach = opts.zeroCrossings / scale; // input samples on each side
  const half = Math.ceil(reach);
  const taps = 2 * half;
  const i0beta = besselI0(opts.kaiserBeta);
  const fill = (phase: number, into: Float64Array): void => {
    const frac = phase / up;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      const t = frac + half - 1 - j; // distance from the output instant to input sample j
      const r = t / reach;
      let v = 0;
      if (Math.abs(r) < 1) {
        const x = Math.PI * scale * t;
        const sinc = x === 0 ? 1 : Math.sin(x) / x;
        v = scale * sinc * (besselI0(opts.kaiserBeta * Math.sqrt(1 - r * r)) / i0beta);
      }
      into[j] = v;
      sum += v;
    }
    for (let j = 0; j < taps; j++) into[j] /= sum;
  };
  let table: Float64Array | null = null;
  if (up * taps <= MAX_TABLE) {
    table = new Float64Array(up * taps);
    const row = new Float64Array(taps);
    for (let p = 0; p < up; p++) {
      fill(p, row);
      table.set(row, p * taps);
    }
  }
  return { up, down, taps, half, table, coefficients: fill };
}

/** Output length for `inputLength` samples: ceil(inputLength * toRate / fromRate). */
export function resampledLength(inputLength: number, fromRate: number, toRate: number): number {
  const g = gcd(fromRate, toRate);
  return Math.ceil((inputLength * (toRate / g)) / (fromRate / g));
}

/**
 * Convert `input` from `fromRate` to `toRate` (integer Hz). Output sample n sits at input time
 * n * fromRate / toRate (no delay); samples outside the input count as zero. Returns the input
 * itself when the rates are equal.
 */
export function resample(
  input: Float32Array,
  fromRate: number,
  toRate: number,
  options: ResampleOptions = {},
): Float32Array {
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
    throw new RangeError(`resample: rates must be positive integers (got ${fromRate} -> ${toRate})`);
  }
  if (fromRate === toRate) return input;
  const k = makeKernel(fromRate, toRate, { ...DEFAULTS, ...options });
  const outLength = resampledLength(input.length, fromRate, toRate);
  const out = new Float32Array(outLength);
  const row = k.table ? null : new Float64Array(k.taps);
  const n = input.length;
  for (let o = 0; o < outLength; o++) {
    const pos = o * k.down;
    const base = Math.floor(pos / k.up);
    const phase = pos - base * k.up;
    const start = base - k.half + 1;
    let coef: Float64Array;
    let c0: number;
    if (k.table) {
      coef = k.table;
      c0 = phase * k.taps;
    } else {
      k.coefficients(phase, row as Float64Array);
      coef = row as Float64Array;
      c0 = 0;
    }
    let acc = 0;
    const jFrom = Math.max(0, -start);
    const jTo = Math.min(k.taps, n - start);
    for (let j = jFrom; j < jTo; j++) acc += coef[c0 + j] * input[start + j];
    out[o] = acc;
  }
  return out;
}
