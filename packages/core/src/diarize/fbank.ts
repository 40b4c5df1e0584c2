/**
 * Kaldi-style log mel filter bank features, with the semantics of
 * torchaudio.compliance.kaldi.fbank as WeSpeaker / pyannote call it for speaker embeddings:
 * 25 ms frames every 10 ms (snip edges), dither 0, per-frame DC removal, pre-emphasis 0.97,
 * a Hamming window (WeSpeaker's setting; 'povey' available), FFT padded to a power of two,
 * power spectrum, triangular mel filters (1127 ln(1 + f/700)) from 20 Hz to Nyquist, natural log
 * floored at float32 epsilon. The caller scales the waveform (WeSpeaker multiplies by 32768) and
 * applies mean normalisation (see `subtractFrameMean`).
 */

/** Fbank settings. Defaults are the ones used with WeSpeaker ResNet34 models. */
export interface FbankOptions {
  /** Sample rate of the input. Default 16000. */
  sampleRate?: number;
  /** Number of mel bins. Default 80. */
  numMelBins?: number;
  /** Frame length in ms. Default 25. */
  frameLengthMs?: number;
  /** Frame shift in ms. Default 10. */
  frameShiftMs?: number;
  /** Window function. Default 'hamming' (WeSpeaker's setting). */
  window?: 'hamming' | 'povey' | 'hanning';
  /** Pre-emphasis coefficient. Default 0.97. */
  preemphasis?: number;
  /** Lowest mel filter edge, Hz. Default 20. */
  lowFreq?: number;
}

const FLOAT32_EPS = 1.1920928955078125e-7;

/** Precomputed tables for one set of options; reuse it across calls. */
export class FbankExtractor {
  readonly frameLength: number;
  readonly frameShift: number;
  readonly numMelBins: number;
  private readonly fftSize: number;
  private readonly window: Float64Array;
  private readonly preemphasis: number;
  /** Mel filters: for bin m, weights over FFT bins [first[m], first[m] + weights[m].length). */
  private readonly filters: { first: number; weights: Float64Array }[];
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly bitrev: Uint32Array;

  constructor(options: FbankOptions = {}) {
    const sampleRate = options.sampleRate ?? 16000;
    this.numMelBins = options.numMelBins ?? 80;
    this.frameLength = Math.round((sampleRate * (options.frameLengthMs ?? 25)) / 1000);
    this.frameShift = Math.round((sampleRate * (options.frameShiftMs ?? 10)) / 1000);
    this.preemphasis = options.preemphasis ?? 0.97;
    let size = 1;
    while (size < this.frameLength) size *= 2;
    this.fftSize = size;
    this.window = makeWindow(options.window ?? 'hamming', this.frameLength);
    this.filters = melFilters(this.numMelBins, size, sampleRate, options.lowFreq ?? 20, sampleRate / 2);
    this.cos = new Float64Array(size / 2);
    this.sin = new Float64Array(size / 2);
    for (let i = 0; i < size / 2; i++) {
      this.cos[i] = Math.cos((-2 * Math.PI * i) / size);
      this.sin[i] = Math.sin((-2 * Math.PI * i) / size);
    }
    const bits = Math.log2(size);
    this.bitrev = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.bitrev[i] = r;
    }
  }

  /** Number of frames for n samples (Kaldi snip_edges). */
  numFrames(n: number): number {
    return n < this.frameLength ? 0 : 1 + Math.floor((n - this.frameLength) / this.frameShift);
  }

  /** Log mel energies, [frames, numMelBins] row-major, of samples[offset, offset + length). */
  compute(samples: ArrayLike<number>, offset = 0, length = samples.length - offset): Float32Array {
    const frames = this.numFrames(length);
    const out = new Float32Array(frames * this.numMelBins);
    const L = this.frameLength;
    const re = new Float64Array(this.fftSize);
    const im = new Float64Array(this.fftSize);
    const frame = new Float64Array(L);
    const power = new Float64Array(this.fftSize / 2 + 1);
    for (let f = 0; f < frames; f++) {
      const start = offset + f * this.frameShift;
      let mean = 0;
      for (let i = 0; i < L; i++) mean += frame[i] = samples[start + i];
      mean /= L;
      for (let i = 0; i < L; i++) frame[i] -= mean;
      re.fill(0);
      im.fill(0);
      for (let i = L - 1; i >= 1; i--) re[i] = (frame[i] - this.preemphasis * frame[i - 1]) * this.window[i];
      re[0] = (frame[0] - this.preemphasis * frame[0]) * this.window[0];
      this.fft(re, im);
      for (let k = 0; k <= this.fftSize / 2; k++) power[k] = re[k] * re[k] + im[k] * im[k];
      for (let m = 0; m < this.numMelBins; m++) {
        const { first, weights } = this.filters[m];
        let e = 0;
        for (let j = 0; j < weights.length; j++) e += weights[j] * power[first + j];
        out[f * this.numMelBins + m] = Math.log(Math.max(e, FLOAT32_EPS));
      }
    }
    return out;
  }

  /** In-place iterative radix-2 complex FFT. */
  private fft(re: Float64Array, im: Float64Array): void {
    const n = this.fftSize;
    for (let i = 0; i < n; i++) {
      const j = this.bitrev[i];
      if (j > i) {
        [re[i], re[j]] = [re[j], re[i]];
        [im[i], im[j]] = [im[j], im[i]];
      }
    }
    for (let len = 2; len <= n; len *= 2) {
      const half = len / 2;
      const step = n / len;
      for (let i = 0; i < n; i += len) {
        for (let k = 0; k < half; k++) {
          const wr = this.cos[k * step];
          const wi = this.sin[k * step];
          const a = i + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}

function makeWindow(kind: 'hamming' | 'povey' | 'hanning', n: number): Float64Array {
  const w = new Float64Array(n);
  const a = (2 * Math.PI) / (n - 1);
  for (let i = 0; i < n; i++) {
    if (kind === 'hamming') w[i] = 0.54 - 0.46 * Math.cos(a * i);
    else if (kind === 'hanning') w[i] = 0.5 - 0.5 * Math.cos(a * i);
    else w[i] = (0.5 - 0.5 * Math.cos(a * i)) ** 0.85;
  }
  return w;
}

const mel = (hz: number) => 1127 * Math.log(1 + hz / 700);

function melFilters(bins: number, fftSize: number, sampleRate: number, low: number, high: number) {
  const binWidth = sampleRate / fftSize;
  const melLow = mel(low);
  const delta = (mel(high) - melLow) / (bins + 1);
  const filters: { first: number; weights: Float64Array }[] = [];
  for (let b = 0; b < bins; b++) {
    const left = melLow + b * delta;
    const center = melLow + (b + 1) * delta;
    const right = melLow + (b + 2) * delta;
    const weights: number[] = [];
    let first = -1;
    // Kaldi builds the filters over fftSize/2 bins; the Nyquist bin gets weight 0.
    for (let i = 0; i < fftSize / 2; i++) {
      const m = mel(i * binWidth);
      const w = Math.max(0, Math.min((m - left) / (center - left), (right - m) / (right - center)));
      if (w > 0) {
        if (first < 0) first = i;
        weights[i - first] = w;
      } else if (first >= 0) break;
    }
    filters.push({ first: Math.max(first, 0), weights: Float64Array.from(weights, (x) => x ?? 0) });
  }
  return filters;
}

/** Subtract each bin's mean over frames (WeSpeaker's cepstral mean normalisation), in place. */
export function subtractFrameMean(feats: Float32Array, frames: number, bins: number): Float32Array {
  if (frames === 0) return feats;
  const mean = new Float64Array(bins);
  for (let f = 0; f < frames; f++) for (let b = 0; b < bins; b++) mean[b] += feats[f * bins + b];
  for (let b = 0; b < bins; b++) mean[b] /= frames;
  for (let f = 0; f < frames; f++) for (let b = 0; b < bins; b++) feats[f * bins + b] -= mean[b];
  return feats;
}
