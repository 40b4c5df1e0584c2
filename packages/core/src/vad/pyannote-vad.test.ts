import { describe, expect, it } from 'vitest';
import { binarizeScores, pyannoteSpeechWindows } from './pyannote-vad.js';

/** Scores from run-length pairs [value, count]. */
function curve(...runs: [number, number][]): number[] {
  return runs.flatMap(([v, n]) => Array.from({ length: n }, () => v));
}

// Frames every 0.1 s, 0.1 s long: frame i is timed at 0.1 i + 0.05.
const frames = { step: 0.1 };
const close = (regions: { start: number; end: number }[]) =>
  regions.map((x) => [Number(x.start.toFixed(6)), Number(x.end.toFixed(6))]);

describe('binarizeScores (WhisperX Binarize)', () => {
  it('hysteresis: starts above onset, ends below offset', () => {
    // frames 0-4 low, 5-9 high (0.9), 10-14 middle (0.4: above offset 0.363, below onset), 15-19 low
    const scores = curve([0.1, 5], [0.9, 5], [0.4, 5], [0.1, 5]);
    // start at frame 5 (0.55), end at the first frame below offset: frame 15 (1.55)
    expect(close(binarizeScores(scores, frames))).toEqual([[0.55, 1.55]]);
    // with offset = onset the middle frames end the region at frame 10
    expect(close(binarizeScores(scores, frames, { offset: 0.5 }))).toEqual([[0.55, 1.05]]);
  });

  it('onset is strict (>), offset is strict (<)', () => {
    expect(binarizeScores(curve([0.5, 3], [0.1, 3]), frames)).toEqual([]);
    const scores = curve([0.1, 2], [0.6, 3], [0.363, 3], [0.1, 2]);
    expect(close(binarizeScores(scores, frames))).toEqual([[0.25, 0.85]]);
  });

  it('active at the first frame and at the end', () => {
    const scores = curve([0.9, 3], [0.1, 3], [0.9, 4]);
    expect(close(binarizeScores(scores, frames))).toEqual([
      [0.05, 0.35],
      [0.65, 0.95], // still active at the end: closes at the last frame's middle
    ]);
  });

  it('padding, then gap filling and short-region removal', () => {
    const scores = curve([0.1, 5], [0.9, 5], [0.1, 2], [0.9, 5], [0.1, 10], [0.9, 1], [0.1, 10]);
    // raw: [0.55, 1.05], [1.25, 1.75], [2.75, 2.85]
    expect(close(binarizeScores(scores, frames))).toEqual([
      [0.55, 1.05],
      [1.25, 1.75],
      [2.75, 2.85],
    ]);
    // pads 0.1 each side: [0.45, 1.15] [1.15, 1.85] [2.65, 2.95] -> the first two touch and merge
    expect(close(binarizeScores(scores, frames, { padOnset: 0.1, padOffset: 0.1 }))).toEqual([
      [0.45, 1.85],
      [2.65, 2.95],
    ]);
    // gap 0.2 filled by minDurationOff 0.25; then the 0.1 s blip is removed by minDurationOn 0.2
    expect(close(binarizeScores(scores, frames, { minDurationOff: 0.25, minDurationOn: 0.2 }))).toEqual([[0.55, 1.75]]);
    // a gap not shorter than minDurationOff stays
    expect(close(binarizeScores(scores, frames, { minDurationOff: 0.2 }))).toEqual([
      [0.55, 1.05],
      [1.25, 1.75],
      [2.75, 2.85],
    ]);
  });

  it('min-cut: regions longer than maxDuration split at the lowest score of their second half', () => {
    // active from frame 0; a dip (0.6) at frame 4 (first half) and one (0.55) at frame 8
    const scores = [0.9, 0.9, 0.9, 0.9, 0.6, 0.9, 0.9, 0.9, 0.55, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1];
    // at frame 12 (t = 1.25): 1.25 - 0.05 > 1.1 -> curScores holds frames 0..11; the second
    // half starts at index 6; its minimum is frame 8 (0.85 s): region [0.05, 0.85]
    const out = binarizeScores(scores, frames, { maxDuration: 1.1 });
    expect(close(out)).toEqual([
      [0.05, 0.85],
      [0.85, 1.55],
    ]);
    expect(() => binarizeScores(scores, frames, { maxDuration: 1, padOnset: 0.1 })).toThrow(/maxDuration/);
  });

  it('uses the frame middle with a start offset and frame duration', () => {
    const scores = curve([0.1, 2], [0.9, 3], [0.1, 2]);
    // frame i spans [1 + 0.02 i, 1 + 0.02 i + 0.1]: middle 1.05 + 0.02 i
    expect(close(binarizeScores(scores, { start: 1, step: 0.02, duration: 0.1 }))).toEqual([[1.09, 1.15]]);
    expect(binarizeScores([], frames)).toEqual([]);
  });
});

describe('pyannoteSpeechWindows', () => {
  it('binarizes with the min-cut at chunkSize and merges into windows', () => {
    const scores = curve([0.1, 10], [0.9, 40], [0.1, 10], [0.9, 30], [0.1, 50], [0.9, 20], [0.1, 5]);
    const summary = (chunkSize: number) =>
      pyannoteSpeechWindows(scores, frames, { chunkSize }).map((w) => [
        Number(w.start.toFixed(6)),
        Number(w.end.toFixed(6)),
        w.segments.length,
      ]);
    // regions [1.05, 5.05] [6.05, 9.05] [14.05, 16.05]; the first two fit 10 s together
    expect(summary(10)).toEqual([
      [1.05, 9.05, 2],
      [14.05, 16.05, 1],
    ]);
    // chunkSize 2.95: the 4 s region is cut at frame 40 (t = 4.05). Its score list then holds
    // frame 0 (kept from the inactive start, as WhisperX does) and frames 11..39: 30 scores, all
    // 0.9 from index 1, so the cut is index 15 = frame 25 (2.55 s).
    // The 3 s region (frames 60..89) is cut at frame 90 (9.05 - 6.05 > 2.95): its list holds
    // frame 50 (appended when the previous region closed) and frames 61..89, so the cut is
    // frame 75 (7.55 s); frame 90 itself is not tested against the offset in the cut step
    // (WhisperX's order), so that region closes one frame later, at frame 91 (9.15 s).
    expect(summary(2.95)).toEqual([
      [1.05, 2.55, 1],
      [2.55, 5.05, 1],
      [6.05, 7.55, 1],
      [7.55, 9.15, 1],
      [14.05, 16.05, 1],
    ]);
  });
});
