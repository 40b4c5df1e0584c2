/**
 * Whisper's mel filter bank: triangular filters on the Slaney mel scale with Slaney ("area")
 * normalisation, between 0 Hz and the Nyquist frequency - the bank transformers'
 * WhisperFeatureExtractor (mel_filter_bank(..., norm="slaney", mel_scale="slaney")) and
 * librosa.filters.mel build. Layout [nFft/2 + 1, nMels]: `mel = filters^T @ power`.
 */

/** Options of the mel filter bank. */
export interface MelFilterOptions {
  /** Sample rate in Hz. Default 16000. */
  sampleRate?: number;
  /** FFT size; the bank has nFft / 2 + 1 frequency rows. Default 400. */
  nFft?: number;
  /** Lowest filter edge in Hz. Default 0. */
  minFrequency?: number;
  /** Highest filter edge in Hz. Default sampleRate / 2. */
  maxFrequency?: number;
}

/** Non-zero part of one filter: weights for bins start .. start + weights.length - 1. */
export interface SparseMelFilter {
  start: number;
  weights: Float64Array;
}

const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = 15;
const LOG_STEP = 27 / Math.log(6.4);

/** Slaney mel scale: linear below 1 kHz (3 mel per 200 Hz), logarithmic above. */
export function hertzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) * LOG_STEP : (3 * hz) / 200;
}

/** Inverse of {@link hertzToMel}. */
export function melToHertz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp((mel - MIN_LOG_MEL) / LOG_STEP) : (200 * mel) / 3;
}

/** The bank in float64, layout [nBins, nMels] (row = frequency bin). */
function filterBank64(nMels: number, options: MelFilterOptions): { bank: Float64Array; nBins: number } {
  const sampleRate = options.sampleRate ?? 16000;
  const nFft = options.nFft ?? 400;
  const fMin = options.minFrequency ?? 0;
  const fMax = options.maxFrequency ?? sampleRate / 2;
  if (!Number.isInteger(nMels) || nMels < 1) throw new RangeError(`nMels must be a positive integer, got ${nMels}`);
  const nBins = Math.floor(nFft / 2) + 1;
  // Filter edges: nMels + 2 points evenly spaced in mel, back to Hz.
  const melMin = hertzToMel(fMin);
  const melMax = hertzToMel(fMax);
  const edges = new Float64Array(nMels + 2);
  for (let i = 0; i < nMels + 2; i++) edges[i] = melToHertz(melMin + ((melMax - melMin) * i) / (nMels + 1));
  const bank = new Float64Array(nBins * nMels);
  const nyquist = Math.floor(sampleRate / 2);
  for (let b = 0; b < nBins; b++) {
    const f = (nyquist * b) / (nBins - 1);
    for (let m = 0; m < nMels; m++) {
      const down = (f - edges[m]) / (edges[m + 1] - edges[m]);
      const up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
      const tri = Math.max(0, Math.min(down, up));
      // Slaney normalisation: each filter has unit area in Hz.
      bank[b * nMels + m] = (tri * 2) / (edges[m + 2] - edges[m]);
    }
  }
  return { bank, nBins };
}

/** The mel filter bank as float32, layout [nFft/2 + 1, nMels] (same as the kit goldens). */
export function melFilters(nMels: number, options: MelFilterOptions = {}): Float32Array {
  return Float32Array.from(filterBank64(nMels, options).bank);
}

/** The bank as one sparse filter per mel band (float64 weights), for fast application. */
export function sparseMelFilters(nMels: number, options: MelFilterOptions = {}): SparseMelFilter[] {
  const { bank, nBins } = filterBank64(nMels, options);
  const filters: SparseMelFilter[] = [];
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
