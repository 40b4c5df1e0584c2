/**
 * Local speaker segmentation with pyannote/segmentation-3.0 (ONNX): 10 s windows slid every
 * 1 s (10% of the window, as speaker-diarization-3.1), batched through the model, powerset
 * logits decoded to hard multilabel activity of 3 local speakers (argmax class -> speaker set),
 * plus the overlap-add aggregation pyannote's `Inference.aggregate` performs.
 *
 * Verified ONNX export: onnx-community/pyannote-segmentation-3.0, file onnx/model.onnx: input
 * `input_values` float32 [batch, 1, samples], output `logits` float32 [batch, frames, 7]
 * (589 frames per 160000 samples).
 */
import { asSampleSource, type AudioInput } from '../audio/sample-source.js';
import { throwIfAborted, WhisperxError } from '../errors.js';
import { float32Tensor, type OrtSession } from '../onnx/session.js';

/** Frame geometry of segmentation-3.0 (its SincNet receptive field), seconds. */
export const SEGMENTATION_FRAMES = {
  /** Receptive field duration: 991 samples at 16 kHz. */
  duration: 991 / 16000,
  /** Frame step: 270 samples at 16 kHz. */
  step: 270 / 16000,
} as const;

/** Powerset classes of 3 speakers with at most 2 active: {}, {0}, {1}, {2}, {0,1}, {0,2}, {1,2}. */
export const POWERSET_3x2: readonly (readonly number[])[] = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]];

export interface SegmentationOptions {
  /** Window duration, seconds. Default 10 (the model's training duration). */
  windowSeconds?: number;
  /** Window step as a fraction of the window. Default 0.1 (1 s). */
  stepRatio?: number;
  /** Windows per ONNX run. Default 32 (pyannote's segmentation_batch_size). */
  batchSize?: number;
  /** Sample rate. Default 16000. */
  sampleRate?: number;
  signal?: AbortSignal;
  /** Called after each batch with (windows done, windows total). */
  onProgress?: (done: number, total: number) => void;
}

/** Hard local activity for every window: data[(c * frames + f) * speakers + s] in {0, 1}. */
export interface ChunkSegmentation {
  data: Uint8Array;
  chunks: number;
  frames: number;
  speakers: number;
  /** Start of chunk c is c * chunkStep seconds; every chunk lasts chunkDuration seconds. */
  chunkStep: number;
  chunkDuration: number;
  /** First sample of each chunk (audio beyond the end is zero padding). */
  chunkStartSample: number[];
  windowSamples: number;
}

/** Window starts (samples) as pyannote's sliding inference cuts them: full windows, then a zero-padded last one. */
export function chunkStarts(numSamples: number, windowSamples: number, stepSamples: number): number[] {
  const starts: number[] = [];
  const full = numSamples >= windowSamples ? Math.floor((numSamples - windowSamples) / stepSamples) + 1 : 0;
  for (let c = 0; c < full; c++) starts.push(c * stepSamples);
  if (numSamples < windowSamples || (numSamples - windowSamples) % stepSamples > 0) starts.push(full * stepSamples);
  return starts;
}

/** Decode powerset logits [frames, classes] of one window into hard multilabel activity. */
export function powersetToMultilabel(
  logits: Float32Array,
  offset: number,
  frames: number,
  classes: readonly (readonly number[])[],
  speakers: number,
  out: Uint8Array,
  outOffset: number,
): void {
  const k = classes.length;
  for (let f = 0; f < frames; f++) {
    const base = offset + f * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (logits[base + c] > logits[base + best]) best = c;
    for (const s of classes[best]) out[outOffset + f * speakers + s] = 1;
  }
}

/**
 * Run the segmentation model over the whole recording. A source is read window by window (one
 * batch of windows at a time), never as a whole.
 */
export async function segmentChunks(
  session: OrtSession,
  audio: AudioInput,
  options: SegmentationOptions = {},
): Promise<ChunkSegmentation> {
  const source = asSampleSource(audio);
  const sampleRate = options.sampleRate ?? 16000;
  const windowSeconds = options.windowSeconds ?? 10;
  const windowSamples = Math.round(windowSeconds * sampleRate);
  const stepSamples = Math.round(windowSeconds * (options.stepRatio ?? 0.1) * sampleRate);
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const starts = chunkStarts(source.length, windowSamples, stepSamples);
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const speakers = 3;
  let frames = 0;
  let data = new Uint8Array(0);
  for (let b0 = 0; b0 < starts.length; b0 += batchSize) {
    throwIfAborted(options.signal);
    const batch = starts.slice(b0, b0 + batchSize);
    const input = new Float32Array(batch.length * windowSamples);
    // Past the end of the audio the window stays zero (the read is clamped to the source).
    batch.forEach((start, i) => input.set(source.read(start, start + windowSamples), i * windowSamples));
    const result = await session.run({ [inputName]: float32Tensor(input, [batch.length, 1, windowSamples]) });
    const logits = result[outputName];
    const dims = logits.dims;
    if (dims.length !== 3 || dims[0] !== batch.length || dims[2] !== POWERSET_3x2.length) {
      throw new WhisperxError(
        'model',
        `segmentation model: output ${outputName} has shape [${dims.join(', ')}], expected [batch, frames, 7] ` +
          '(pyannote segmentation-3.0 powerset). Use a segmentation-3.0 ONNX export.',
      );
    }
    if (frames === 0) {
      frames = dims[1];
      data = new Uint8Array(starts.length * frames * speakers);
    }
    const values = logits.data as Float32Array;
    for (let i = 0; i < batch.length; i++) {
      powersetToMultilabel(values, i * frames * 7, frames, POWERSET_3x2, speakers, data, (b0 + i) * frames * speakers);
    }
    options.onProgress?.(Math.min(b0 + batchSize, starts.length), starts.length);
  }
  return {
    data,
    chunks: starts.length,
    frames,
    speakers,
    chunkStep: stepSamples / sampleRate,
    chunkDuration: windowSamples / sampleRate,
    chunkStartSample: starts,
    windowSamples,
  };
}

/** Output frames of `aggregate`: frame i covers [i * step, i * step + duration). */
export interface FrameGrid {
  step: number;
  duration: number;
}

/** numpy rint (half to even). */
function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Overlap-add aggregation of per-chunk frame scores into one global frame sequence
 * (pyannote `Inference.aggregate`): chunk c lands at global frame closest to its start,
 * scores are weighted (Hamming window or ones), summed, and divided by the summed weights of
 * the contributing chunks, unless `skipAverage`. NaN scores do not contribute; frames with no
 * contribution get `missing`. scores[(c * frames + f) * classes + k].
 */
export function aggregate(
  scores: Float64Array,
  chunks: number,
  frames: number,
  classes: number,
  chunkStep: number,
  chunkDuration: number,
  grid: FrameGrid,
  options: { hamming?: boolean; skipAverage?: boolean; missing?: number } = {},
): { data: Float64Array; frames: number } {
  const closest = (t: number) => rint((t - 0.5 * grid.duration) / grid.step);
  const total = closest(chunkDuration + (chunks - 1) * chunkStep + 0.5 * grid.duration) + 1;
  const weight = new Float64Array(frames).fill(1);
  if (options.hamming && frames > 1) {
    for (let f = 0; f < frames; f++) weight[f] = 0.54 - 0.46 * Math.cos((2 * Math.PI * f) / (frames - 1));
  }
  const sum = new Float64Array(total * classes);
  const count = new Float64Array(total * classes);
  const seen = new Uint8Array(total * classes);
  for (let c = 0; c < chunks; c++) {
    const startFrame = closest(c * chunkStep + 0.5 * grid.duration);
    for (let f = 0; f < frames; f++) {
      const g = startFrame + f;
      if (g < 0 || g >= total) continue;
      for (let k = 0; k < classes; k++) {
        const v = scores[(c * frames + f) * classes + k];
        if (Number.isNaN(v)) continue;
        sum[g * classes + k] += v * weight[f];
        count[g * classes + k] += weight[f];
        seen[g * classes + k] = 1;
      }
    }
  }
  const missing = options.missing ?? NaN;
  for (let i = 0; i < total * classes; i++) {
    if (!seen[i]) sum[i] = missing;
    else if (!options.skipAverage) sum[i] = sum[i] / Math.max(count[i], 1e-12);
  }
  return { data: sum, frames: total };
}

/** Instantaneous speaker count per global frame (pyannote `speaker_count`, no warm-up): rint of the averaged local counts. */
export function speakerCount(
  seg: ChunkSegmentation,
  grid: FrameGrid = SEGMENTATION_FRAMES,
): { data: Uint8Array; frames: number } {
  const local = new Float64Array(seg.chunks * seg.frames);
  for (let i = 0; i < seg.chunks * seg.frames; i++) {
    let n = 0;
    for (let s = 0; s < seg.speakers; s++) n += seg.data[i * seg.speakers + s];
    local[i] = n;
  }
  const agg = aggregate(local, seg.chunks, seg.frames, 1, seg.chunkStep, seg.chunkDuration, grid, { missing: 0 });
  return { data: Uint8Array.from(agg.data, (v) => rint(v)), frames: agg.frames };
}
