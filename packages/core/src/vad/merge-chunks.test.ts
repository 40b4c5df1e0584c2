import { describe, expect, it } from 'vitest';
import { fixedWindows, mergeChunks, WindowTimeMap } from './merge-chunks.js';

const r = (start: number, end: number) => ({ start, end });

describe('mergeChunks (WhisperX merge_chunks)', () => {
  it('merges short regions into one window, keeping the regions and the gaps inside', () => {
    const w = mergeChunks([r(1, 3), r(5, 9.5), r(12, 20)], 30);
    expect(w).toEqual([
      {
        start: 1,
        end: 20,
        segments: [
          [1, 3],
          [5, 9.5],
          [12, 20],
        ],
      },
    ]);
  });

  it('closes a window when the next region would end more than chunkSize after its start', () => {
    // 0.5 + 30 = 30.5: [29, 30.5] still fits (30.5 - 0.5 = 30, not > 30); [31, 32] does not.
    const w = mergeChunks([r(0.5, 10), r(12, 28), r(29, 30.5), r(31, 32), r(40, 45)], 30);
    expect(w).toEqual([
      {
        start: 0.5,
        end: 30.5,
        segments: [
          [0.5, 10],
          [12, 28],
          [29, 30.5],
        ],
      },
      {
        start: 31,
        end: 45,
        segments: [
          [31, 32],
          [40, 45],
        ],
      },
    ]);
  });

  it('a region longer than chunkSize stays a window of its own', () => {
    const w = mergeChunks([r(0, 2), r(3, 40), r(41, 42)], 30);
    expect(w).toEqual([
      { start: 0, end: 2, segments: [[0, 2]] },
      { start: 3, end: 40, segments: [[3, 40]] },
      { start: 41, end: 42, segments: [[41, 42]] },
    ]);
  });

  it('long speech split by the VAD at the maximum becomes consecutive windows', () => {
    const regions = [r(0, 29.9), r(29.9, 59.8), r(59.8, 70)];
    expect(mergeChunks(regions, 30).map((w) => [w.start, w.end])).toEqual([
      [0, 29.9],
      [29.9, 59.8],
      [59.8, 70],
    ]);
  });

  it('smaller chunk sizes give more windows; empty input gives none; bad sizes are rejected', () => {
    const regions = [r(0, 4), r(5, 9), r(10, 14), r(15, 19)];
    expect(mergeChunks(regions, 10).map((w) => w.segments.length)).toEqual([2, 2]);
    expect(mergeChunks(regions, 100).length).toBe(1);
    expect(mergeChunks([], 30)).toEqual([]);
    expect(() => mergeChunks(regions, 0)).toThrow(/chunk size/);
  });

  it('every window is at most chunkSize long when regions are', () => {
    const regions = Array.from({ length: 200 }, (_, i) => r(i * 3.7, i * 3.7 + 1 + (i % 3)));
    const windows = mergeChunks(regions, 30);
    for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30);
    expect(windows.flatMap((w) => w.segments).length).toBe(200);
  });
});

describe('fixedWindows', () => {
  it('covers the audio with chunkSize windows, the last one shorter', () => {
    expect(fixedWindows(75, 30)).toEqual([r(0, 30), r(30, 60), r(60, 75)]);
    expect(fixedWindows(60, 30)).toEqual([r(0, 30), r(30, 60)]);
    expect(fixedWindows(0, 30)).toEqual([]);
  });
});

describe('WindowTimeMap', () => {
  const windows = mergeChunks([r(2, 10), r(12, 25), r(40, 55), r(58, 60)], 30);
  const map = new WindowTimeMap(windows, 16000);

  it('maps window-relative times to original times and back', () => {
    expect(windows.map((w) => w.start)).toEqual([2, 40]);
    expect(map.toOriginal(0, 0)).toBe(2);
    expect(map.toOriginal(1, 3.25)).toBe(43.25);
    expect(map.toWindow(1, 43.25)).toBe(3.25);
    expect(map.toOriginal(0, 29, true)).toBe(25); // clamped to the window's end
    expect(map.toOriginal(0, -1, true)).toBe(2);
  });

  it('finds the window of an original time', () => {
    expect(map.windowAt(1)).toBe(-1);
    expect(map.windowAt(2)).toBe(0);
    expect(map.windowAt(11)).toBe(0); // inside a gap of window 0
    expect(map.windowAt(25)).toBe(-1);
    expect(map.windowAt(59.9)).toBe(1);
  });

  it('gives sample ranges (int(t * sr)) and views into the audio', () => {
    expect(map.sampleRange(1)).toEqual({ start: 640000, end: 960000 });
    const audio = new Float32Array(700000).map((_, i) => i);
    const view = map.slice(audio, 1);
    expect(view.length).toBe(60000);
    expect(view[0]).toBe(640000);
    expect(view.buffer).toBe(audio.buffer);
    expect(() => map.sampleRange(2)).toThrow(RangeError);
  });
});
