/**
 * Whisper's log-mel spectrogram, matching transformers' WhisperFeatureExtractor (and
 * openai/whisper's log_mel_spectrogram):
 *
 *   pad with zeros / trim to `padOrTrimTo` samples (30 s)
 *   -> STFT: n_fft 400, hop 160, periodic Hann window, centred frames (reflect padding by 200)
 *   -> drop the last frame (3001 -> 3000 frames) -> power |X|^2
 *   -> mel = filters^T @ power (Slaney bank, mel-filters.ts)
 *   -> log10(max(mel, 1e-10)) -> max(x, max(x) - 8) per window -> (x + 4) / 4
 *
 * Shapes: one window gives [nMels, nFrames] (row-major, nFrames = padOrTrimTo / 160 = 3000).
 * A batch is [B, nMels, nFrames]; {@link LogMelExtractor.computeInto} writes row b in place.
 * Internals run in float64 with a real FFT of size 400, a sparse filter bank and scratch
 * buffers owned by the extractor, so a frame allocates nothing. The periodic Hann window is
 * applied in the frequency domain - for w[n] = 0.5 - 0.5 cos(2 pi n / N) with N = n_fft,
 * DFT(x * w)[k] = 0.5 X[k] - 0.25 (X[k-1] + X[k+1]) exactly - so each frame is transformed
 * straight out of the padded signal, without a windowed copy.
 */
import { createRealFft } from './fft.js';
import { sparseMelFilters } from './mel-filters.js';
import type { SparseMelFilter } from './mel-filters.js';

/** Whisper's audio constants. */
export const WHISPER_SAMPLE_RATE = 16000;
export const WHISPER_N_FFT = 400;
export const WHISPER_HOP_LENGTH = 160;
/** 30 s at 16 kHz: the length every window is padded or trimmed to. */
export const WHISPER_N_SAMPLES = 480000;
/** Frames per 30 s window. */
export const WHISPER_N_FRAMES = 3000;

/** Options of the log-mel spectrogram. */
export interface LogMelOptions {
  /** Mel bands: 80 (Whisper up to large-v2) or 128 (large-v3, large-v3-turbo). */
  nMels: 80 | 128;
  /**
   * Pad with zeros or trim the audio to this many samples before the STFT. Default 480000
   * (30 s), which gives 3000 frames. Must be at least nFft / 2 + 1 (reflect padding).
   */
  padOrTrimTo?: number;
}

/** A reusable log-mel computer for one configuration (owns its FFT plan and scratch). */
export interface LogMelExtractor {
  /** Mel bands per frame. */
  readonly nMels: number;
  /** Frames per window (padOrTrimTo / hop, the last STFT frame dropped). */
  readonly nFrames: number;
  /** Values per window: nMels * nFrames. */
  readonly windowSize: number;
  /** Log-mel of one window, a new [nMels, nFrames] array. */
  compute(audio: Float32Array): Float32Array;
  /**
   * Write the log-mel of `audio` into `out` at batch row `row` of a [B, nMels, nFrames] buffer
   * (offset row * nMels * nFrames). No other allocation.
   */
  computeInto(audio: Float32Array, out: Float32Array, row: number): void;
}

/** Periodic Hann window of length n (torch.hann_window(n, periodic=True)). */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** Plan a log-mel extractor; reuse it across windows and batches. */
export function createLogMelExtractor(options: LogMelOptions): LogMelExtractor {
  const nMels = options.nMels;
  if (nMels !== 80 && nMels !== 128) throw new RangeError(`nMels must be 80 or 128, got ${String(nMels)}`);
  const length = options.padOrTrimTo ?? WHISPER_N_SAMPLES;
  const nFft = WHISPER_N_FFT;
  const hop = WHISPER_HOP_LENGTH;
  const half = nFft / 2;
  if (!Number.isInteger(length) || length <= half) {
    throw new RangeError(`padOrTrimTo must be an integer above ${half}, got ${length}`);
  }
  const nFrames = Math.floor(length / hop); // 1 + floor(length / hop) centred frames, minus the last
  const windowSize = nMels * nFrames;
  const nBins = half + 1;

  const fft = createRealFft(nFft);
  // Sparse bank flattened: filter m has weights[offsets[m] .. offsets[m + 1]) on bins starting at starts[m].
  const filters: SparseMelFilter[] = sparseMelFilters(nMels, { sampleRate: WHISPER_SAMPLE_RATE, nFft });
  const starts = Int32Array.from(filters, (f) => f.start);
  const offsets = new Int32Array(nMels + 1);
  filters.forEach((f, m) => (offsets[m + 1] = offsets[m] + f.weights.length));
  const weights = new Float64Array(offsets[nMels]);
  filters.forEach((f, m) => weights.set(f.weights, offsets[m]));
  const padded = new Float64Array(length + nFft); // reflect-padded signal: half + length + half
  // Spectrum bins -1 .. nBins (index + 1), so the window's neighbours need no bounds tests.
  const re = new Float64Array(nBins + 2);
  const im = new Float64Array(nBins + 2);
  const specRe = re.subarray(1, nBins + 1);
  const specIm = im.subarray(1, nBins + 1);
  const power = new Float64Array(nBins);

  /** Power of the Hann-windowed frame starting at `offset` of the padded signal. */
  function framePower(offset: number): void {
    fft.forward(padded, specRe, specIm, offset);
    // Real input: X[-1] = conj X[1], X[N/2 + 1] = conj X[N/2 - 1].
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

  /** Fill the reflect-padded signal; returns the index from which it is all zeros. */
  function fillPadded(audio: Float32Array): number {
    const n = Math.min(audio.length, length);
    for (let i = 0; i < n; i++) padded[half + i] = audio[i];
    padded.fill(0, half + n, half + length);
    // numpy/torch "reflect": mirror without repeating the edge sample.
    for (let i = 1; i <= half; i++) {
      padded[half - i] = padded[half + i];
      padded[half + length - 1 + i] = padded[half + length - 1 - i];
    }
    // With at least `half` zeros of padding, the right reflection mirrors zeros too.
    return n < length - half ? half + n : padded.length;
  }

  const silentLog = Math.log(1e-10) * Math.LOG10E; // log10 of the floor: frames of zeros

  function computeInto(audio: Float32Array, out: Float32Array, row: number): void {
    const base = row * windowSize;
    if (!Number.isInteger(row) || row < 0 || base + windowSize > out.length) {
      throw new RangeError(`batch row ${row} does not fit an output of ${out.length} values (${windowSize} per row)`);
    }
    const zerosFrom = fillPadded(audio);
    // Frames lying wholly in the zero padding have power 0 exactly: skip their FFTs.
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
        // ln * log10(e): within a few ulps of Math.log10 and about twice as fast in V8.
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
    compute(audio: Float32Array): Float32Array {
      const out = new Float32Array(windowSize);
      computeInto(audio, out, 0);
      return out;
    },
    computeInto,
  };
}

/** Log-mel of one window: [nMels, nFrames] (3000 frames by default). */
export function logMelSpectrogram(audio: Float32Array, options: LogMelOptions): Float32Array {
  return createLogMelExtractor(options).compute(audio);
}

/**
 * Log-mel of one window written into batch row `row` of `out` ([B, nMels, nFrames]). For many
 * windows, reuse one {@link createLogMelExtractor} instead (this plans a new one per call).
 */
export function logMelSpectrogramInto(
  audio: Float32Array,
  out: Float32Array,
  row: number,
  options: LogMelOptions,
): void {
  createLogMelExtractor(options).computeInto(audio, out, row);
}

/**
 * Log-mel of a batch of windows into `out` ([B, nMels, nFrames], B >= audios.length; row b =
 * audios[b]). Allocates `out` when it is not given.
 */
export function logMelBatch(audios: readonly Float32Array[], options: LogMelOptions, out?: Float32Array): Float32Array {
  const extractor = createLogMelExtractor(options);
  const target = out ?? new Float32Array(audios.length * extractor.windowSize);
  for (let b = 0; b < audios.length; b++) extractor.computeInto(audios[b], target, b);
  return target;
}
