import { describe, expect, it } from 'vitest';
import type { ChunkSegmentation } from './segmentation.js';
import { speakerCount } from './segmentation.js';
import { speakerTurns } from './speaker-turns.js';

function segmentation(
  chunks: number,
  frames: number,
  on: (c: number, f: number, s: number) => boolean,
): ChunkSegmentation {
  const data = new Uint8Array(chunks * frames * 3);
  for (let c = 0; c < chunks; c++)
    for (let f = 0; f < frames; f++) for (let s = 0; s < 3; s++) data[(c * frames + f) * 3 + s] = on(c, f, s) ? 1 : 0;
  return {
    data,
    chunks,
    frames,
    speakers: 3,
    chunkStep: 1,
    chunkDuration: 10,
    chunkStartSample: [],
    windowSamples: 160000,
  };
}

describe('regular and exclusive speaker turns', () => {
  it('keeps overlap in the regular output, one speaker at a time in the exclusive one, same names', () => {
    // 3 chunks of 589 frames; local speaker 0 talks all along, speaker 1 overlaps it in the middle.
    const seg = segmentation(3, 589, (_c, f, s) => s === 0 || (s === 1 && f > 200 && f < 400));
    const hard = Int32Array.from([0, 1, 5, 0, 1, 5, 0, 1, 5]);
    const centroids = [Float64Array.from([1, 0]), Float64Array.from([0, 1])];
    const out = speakerTurns(seg, hard, speakerCount(seg), Infinity, centroids, 2);
    expect(Array.from(hard)).toEqual([0, 1, -2, 0, 1, -2, 0, 1, -2]);
    expect(out.labels).toEqual(['SPEAKER_00', 'SPEAKER_01']);
    expect(new Set(out.turns.map((t) => t.speaker))).toEqual(new Set(['SPEAKER_00', 'SPEAKER_01']));
    // exclusive turns never overlap each other
    const ex = out.exclusiveTurns;
    for (let i = 1; i < ex.length; i++) expect(ex[i].start).toBeGreaterThanOrEqual(ex[i - 1].end - 1e-12);
    const total = (ts: { start: number; end: number }[]) => ts.reduce((s, t) => s + t.end - t.start, 0);
    expect(total(ex)).toBeLessThan(total(out.turns));
    expect(out.embeddings).toEqual({ SPEAKER_00: [1, 0], SPEAKER_01: [0, 1] });
    // max speakers 1 -> the regular output is exclusive too
    const one = speakerTurns(seg, Int32Array.from([0, 1, 5, 0, 1, 5, 0, 1, 5]), speakerCount(seg), 1, centroids, 2);
    expect(one.turns).toEqual(one.exclusiveTurns);
  });
});
