/**
 * WhisperX's `Binarize` (whisperx/vads/pyannote.py): hysteresis thresholding of frame-level
 * speech scores (active when a score rises above `onset`, inactive when it falls below
 * `offset`), with WhisperX's min-cut - an active region longer than `maxDuration` is split at
 * the lowest score of its second half - then optional padding, gap filling (`minDurationOff`)
 * and removal of short regions (`minDurationOn`). A pure function: the scores come from the
 * pyannote segmentation model, loaded elsewhere.
 *
 * Frame i is timed at its middle: start + i * step + duration / 2 (pyannote SlidingWindow).
 */
import { WhisperxError } from '../errors.js';
import { mergeChunks } from './merge-chunks.js';
import type { SpeechRegion, SpeechWindow } from './merge-chunks.js';

/** Timing of the score frames (pyannote's SlidingWindow). */
export interface FrameTiming {
  /** Seconds between consecutive frames. */
  step: number;
  /** Length of a frame in seconds. Default `step`. */
  duration?: number;
  /** Start of frame 0 in seconds. Default 0. */
  start?: number;
}

/** Options of {@link binarizeScores}; defaults are WhisperX's VAD defaults. */
export interface BinarizeOptions {
  /** A region starts when a score rises above this. Default 0.5 (WhisperX vad_onset). */
  onset?: number;
  /** An active region ends when a score falls below this. Default 0.363 (WhisperX vad_offset). */
  offset?: number;
  /** Remove regions shorter than this many seconds (after padding and gap filling). Default 0. */
  minDurationOn?: number;
  /** Fill gaps shorter than this many seconds between regions. Default 0. */
  minDurationOff?: number;
  /** Move every region start this many seconds earlier. Default 0. */
  padOnset?: number;
  /** Move every region end this many seconds later. Default 0. */
  padOffset?: number;
  /**
   * Split active regions longer than this (s) at the lowest score of their second half.
   * Default Infinity. Cannot be combined with padding or minDurationOff (as in WhisperX).
   */
  maxDuration?: number;
}

/** pyannote treats segments no longer than this as empty. */
const SEGMENT_PRECISION = 1e-6;

/** Index of the first minimum of values[from..]. */
function argminFrom(values: number[], from: number): number {
  let best = from;
  for (let i = from + 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

/** Union of overlapping regions and of regions separated by less than `collar` s (pyannote support). */
function support(regions: SpeechRegion[], collar: number): SpeechRegion[] {
  const sorted = [...regions].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: SpeechRegion[] = [];
  let cur: SpeechRegion | undefined;
  for (const r of sorted) {
    if (!cur) {
      cur = { ...r };
      continue;
    }
    const gap = r.start - cur.end; // <= precision: overlapping or touching
    if (gap <= SEGMENT_PRECISION || gap < collar) {
      cur.end = Math.max(cur.end, r.end);
      cur.start = Math.min(cur.start, r.start);
    } else {
      out.push(cur);
      cur = { ...r };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Speech regions (seconds, sorted) of frame-level speech scores. */
export function binarizeScores(
  scores: ArrayLike<number>,
  frames: FrameTiming,
  options: BinarizeOptions = {},
): SpeechRegion[] {
  const onset = options.onset ?? 0.5;
  const offset = options.offset ?? 0.363;
  const padOnset = options.padOnset ?? 0;
  const padOffset = options.padOffset ?? 0;
  const minOn = options.minDurationOn ?? 0;
  const minOff = options.minDurationOff ?? 0;
  const maxDuration = options.maxDuration ?? Infinity;
  if (!(frames.step > 0)) throw new WhisperxError('usage', `VAD frame step ${frames.step}: must be positive.`);
  const fixesRegions = padOnset > 0 || padOffset > 0 || minOff > 0;
  if (fixesRegions && maxDuration < Infinity) {
    throw new WhisperxError(
      'usage',
      'VAD binarization: maxDuration cannot be combined with padOnset/padOffset/minDurationOff (as in WhisperX); drop one.',
    );
  }
  const n = scores.length;
  if (n === 0) return [];
  const frameStart = frames.start ?? 0;
  const frameDuration = frames.duration ?? frames.step;
  const middle = (i: number): number => {
    const s = frameStart + i * frames.step;
    return 0.5 * (s + (s + frameDuration));
  };

  let regions: SpeechRegion[] = [];
  const add = (start: number, end: number): void => {
    if (end - start > SEGMENT_PRECISION) regions.push({ start, end });
  };

  let start = middle(0);
  let active = scores[0] > onset;
  // Scores/times since the region started (WhisperX keeps frame 0 here even when it starts inactive).
  let curScores: number[] = [scores[0]];
  let curTimes: number[] = [start];
  let t = start;
  for (let i = 1; i < n; i++) {
    t = middle(i);
    const y = scores[i];
    if (active) {
      if (t - start > maxDuration) {
        const cut = argminFrom(curScores, Math.floor(curScores.length / 2));
        const cutTime = curTimes[cut];
        add(start - padOnset, cutTime + padOffset);
        start = cutTime;
        curScores = curScores.slice(cut + 1);
        curTimes = curTimes.slice(cut + 1);
      } else if (y < offset) {
        add(start - padOnset, t + padOffset);
        start = t;
        active = false;
        curScores = [];
        curTimes = [];
      }
      curScores.push(y);
      curTimes.push(t);
    } else if (y > onset) {
      start = t;
      active = true;
    }
  }
  if (active) add(start - padOnset, t + padOffset);

  if (fixesRegions) regions = support(regions, minOff);
  if (minOn > 0) regions = regions.filter((r) => r.end - r.start >= minOn);
  return regions.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * WhisperX's pyannote VAD after the model: binarize with the min-cut at `chunkSize` seconds,
 * then merge into windows of at most `chunkSize` seconds.
 */
export function pyannoteSpeechWindows(
  scores: ArrayLike<number>,
  frames: FrameTiming,
  options: { onset?: number; offset?: number; chunkSize?: number } = {},
): SpeechWindow[] {
  const chunkSize = options.chunkSize ?? 30;
  const regions = binarizeScores(scores, frames, {
    onset: options.onset,
    offset: options.offset,
    maxDuration: chunkSize,
  });
  return mergeChunks(regions, chunkSize);
}
