/**
 * WhisperX's pyannote VAD (`--vad_method pyannote`) on the pyannote segmentation-3.0 ONNX model
 * (onnx-community/pyannote-segmentation-3.0, file onnx/model.onnx: input `input_values`
 * [batch, 1, samples], output `logits` [batch, frames, 7] powerset), the model diarization uses.
 *
 * Frame-level speech scores as pyannote's VoiceActivityDetection computes them for a powerset
 * model: 10 s windows every 1 s, each frame's powerset argmax decoded to hard speaker activity
 * (pyannote's Inference converts powerset outputs the hard way), speech = max over the local
 * speakers (its pre-aggregation hook) - so 1 unless the argmax is the empty set - then the
 * Hamming-weighted overlap-add average over the windows covering each frame (missing frames 0),
 * cropped to the audio. WhisperX then binarizes with onset/offset and the min-cut at chunk_size
 * and merges the regions into windows (pyannote-vad.ts, merge-chunks.ts).
 *
 * The sliding windows, the powerset decoding and the aggregation are diarize/segmentation.ts's.
 */
import { asSampleSource, type AudioInput } from '../audio/sample-source.js';
import { DEFAULT_SEGMENTATION_REPO } from '../diarize/pipeline.js';
import { aggregate, SEGMENTATION_FRAMES, segmentChunks, type ChunkSegmentation } from '../diarize/segmentation.js';
import type { FrameGrid } from '../diarize/segmentation.js';
import { WhisperxError } from '../errors.js';
import { createSession, releaseSession, type OrtSession, type SessionOptions } from '../onnx/session.js';
import { DEFAULT_CHUNK_SIZE, mergeChunks, type SpeechRegion, type SpeechWindow } from './merge-chunks.js';
import { binarizeScores, type FrameTiming } from './pyannote-vad.js';

/** Hugging Face repo of the default model (same as diarization's segmentation model). */
export const DEFAULT_PYANNOTE_VAD_REPO = DEFAULT_SEGMENTATION_REPO;

/** Frame-level speech scores of a whole recording. */
export interface SpeechScores {
  /** Speech score of every output frame, in [0, 1]. */
  scores: Float64Array;
  /** Timing of the frames (frame i is timed at its middle by the binarization). */
  frames: FrameTiming;
}

/** Options of {@link PyannoteSegmentationVad.speechScores}. */
export interface PyannoteScoreOptions {
  /** Windows per ONNX run. Default 32 (pyannote's). */
  batchSize?: number;
  /** Cancels between batches. */
  signal?: AbortSignal;
  /** Progress of the model pass, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** Options of {@link PyannoteSegmentationVad.speechWindows} (defaults: WhisperX's). */
export interface PyannoteVadOptions extends PyannoteScoreOptions {
  /** Speech starts when the score rises above this. Default 0.5 (WhisperX vad_onset). */
  onset?: number;
  /** Speech ends when the score falls below this. Default 0.363 (WhisperX vad_offset). */
  offset?: number;
  /** Longest region and window, seconds. Default 30. */
  chunkSize?: number;
}

/**
 * Speech scores from the per-window hard speaker activity of {@link segmentChunks}: max over the
 * local speakers, Hamming-weighted average over overlapping windows on the model's frame grid,
 * then (when the last window was zero-padded) only the frames that start before the audio ends
 * (pyannote's loose crop to [0, duration]).
 */
export function speechScoresFromSegmentation(
  seg: ChunkSegmentation,
  numSamples: number,
  sampleRate = 16000,
  grid: FrameGrid = SEGMENTATION_FRAMES,
): SpeechScores {
  const frames = { step: grid.step, duration: grid.duration, start: 0 };
  if (seg.chunks === 0 || seg.frames === 0) return { scores: new Float64Array(0), frames };
  const local = new Float64Array(seg.chunks * seg.frames);
  for (let i = 0; i < local.length; i++) {
    let speech = 0;
    for (let s = 0; s < seg.speakers; s++) speech = Math.max(speech, seg.data[i * seg.speakers + s]);
    local[i] = speech;
  }
  const agg = aggregate(local, seg.chunks, seg.frames, 1, seg.chunkStep, seg.chunkDuration, grid, {
    hamming: true,
    missing: 0,
  });
  const lastStart = seg.chunkStartSample[seg.chunks - 1];
  const padded = lastStart + seg.windowSamples > numSamples;
  const kept = padded ? Math.min(agg.frames, Math.floor(numSamples / sampleRate / grid.step) + 1) : agg.frames;
  return { scores: agg.data.subarray(0, kept), frames };
}

/** The segmentation model opened for VAD; reuse it for many files, then release it. */
export class PyannoteSegmentationVad {
  private session: OrtSession | undefined;
  readonly modelPath: string;

  private constructor(session: OrtSession, modelPath: string) {
    this.session = session;
    this.modelPath = modelPath;
  }

  /** Open a segmentation-3.0 ONNX file. Default session: CPU, onnxruntime's thread count. */
  static async load(modelPath: string, session: SessionOptions = {}): Promise<PyannoteSegmentationVad> {
    return new PyannoteSegmentationVad(await createSession(modelPath, session), modelPath);
  }

  /** Frame-level speech scores of 16 kHz mono `audio` (a source is read window by window, not closed). */
  async speechScores(audio: AudioInput, options: PyannoteScoreOptions = {}): Promise<SpeechScores> {
    const session = this.session;
    if (!session) throw new WhisperxError('runtime', `${this.modelPath}: this pyannote VAD model was released.`);
    const { onProgress } = options;
    const source = asSampleSource(audio);
    const seg = await segmentChunks(session, source, {
      batchSize: options.batchSize,
      signal: options.signal,
      onProgress: onProgress && ((done, total) => onProgress(done / Math.max(1, total))),
    });
    return speechScoresFromSegmentation(seg, source.length);
  }

  /** Speech regions (seconds, sorted): WhisperX's Binarize with the min-cut at chunkSize. */
  async speechRegions(audio: AudioInput, options: PyannoteVadOptions = {}): Promise<SpeechRegion[]> {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!(chunkSize > 0)) {
      throw new WhisperxError('usage', `chunk size ${chunkSize}: must be a positive number of seconds (default 30).`);
    }
    const { scores, frames } = await this.speechScores(audio, options);
    return binarizeScores(scores, frames, {
      onset: options.onset,
      offset: options.offset,
      maxDuration: chunkSize,
    });
  }

  /** Speech regions merged into windows of at most chunkSize seconds (WhisperX merge_chunks). */
  async speechWindows(audio: AudioInput, options: PyannoteVadOptions = {}): Promise<SpeechWindow[]> {
    return mergeChunks(await this.speechRegions(audio, options), options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  }

  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await releaseSession(session);
  }
}
