import { describe, expect, it } from 'vitest';
import { FbankExtractor, subtractFrameMean } from './fbank.js';
import { binarizeToTurns, discreteDiarization, labelTurns } from './reconstruct.js';
import {
  aggregate,
  chunkStarts,
  POWERSET_3x2,
  powersetToMultilabel,
  SEGMENTATION_FRAMES,
  speakerCount,
  type ChunkSegmentation,
} from './segmentation.js';

describe('sliding windows', () => {
  it('cuts full windows every step, then a zero-padded last one (pyannote slide)', () => {
    expect(chunkStarts(30 * 16000, 160000, 16000)).toEqual(Array.from({ length: 21 }, (_, i) => i * 16000));
    expect(chunkStarts(30 * 16000 + 5, 160000, 16000)).toHaveLength(22);
    expect(chunkStarts(5 * 16000, 160000, 16000)).toEqual([0]);
  });

  it('decodes powerset argmax into speaker sets', () => {
    const logits = new Float32Array(7 * 7).fill(-5);
    for (let f = 0; f < 7; f++) logits[f * 7 + f] = 0;
    const out = new Uint8Array(7 * 3);
    powersetToMultilabel(logits, 0, 7, POWERSET_3x2, 3, out, 0);
    expect(Array.from(out)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1]);
  });
});

describe('aggregate (Inference.aggregate)', () => {
  const grid = { step: 1, duration: 1 };
  it('averages overlapping chunks and places them at the closest frame', () => {
    // 3 chunks of 4 frames, step 2 frames: global frames 0..7, plus the extra frame pyannote's
    // frame count formula (closest frame of the end + half a frame, + 1) adds.
    const scores = Float64Array.from([1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5]);
    const avg = aggregate(scores, 3, 4, 1, 2, 4, grid, { missing: 0 });
    expect(avg.frames).toBe(9);
    expect(Array.from(avg.data)).toEqual([1, 1, 2, 2, 4, 4, 5, 5, 0]);
    const sum = aggregate(scores, 3, 4, 1, 2, 4, grid, { skipAverage: true, missing: 0 });
    expect(Array.from(sum.data)).toEqual([1, 1, 4, 4, 8, 8, 5, 5, 0]);
    const ham = aggregate(scores, 3, 4, 1, 2, 4, grid, { hamming: true });
    // Hamming weights for 4 frames: 0.08, 0.77, 0.77, 0.08.
    expect(ham.data[2]).toBeCloseTo((1 * 0.77 + 3 * 0.08) / 0.85, 12);
  });

  it('skips NaN and fills frames nobody covered with `missing`', () => {
    const scores = Float64Array.from([NaN, NaN, 2, 2]);
    const r = aggregate(scores, 1, 4, 1, 1, 4, grid, { missing: -1 });
    expect(Array.from(r.data)).toEqual([-1, -1, 2, 2, -1]);
  });

  it('counts speakers with numpy rint (half to even)', () => {
    // Chunk 0 says 1 speaker on its 2 frames, chunk 1 (1 frame later) says 2: overlap frame averages 1.5 -> 2.
    const seg: ChunkSegmentation = {
      data: Uint8Array.from([1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0]),
      chunks: 2,
      frames: 2,
      speakers: 3,
      chunkStep: 1,
      chunkDuration: 2,
      chunkStartSample: [0, 16000],
      windowSamples: 32000,
    };
    expect(Array.from(speakerCount(seg, grid).data)).toEqual([1, 2, 2, 0]);
  });
});

describe('reconstruction to turns', () => {
  it('switches on the most active clusters per frame and cuts turns at frame middles', () => {
    const seg: ChunkSegmentation = {
      data: new Uint8Array(0),
      chunks: 1,
      frames: 5,
      speakers: 3,
      chunkStep: 1,
      chunkDuration: 5,
      chunkStartSample: [0],
      windowSamples: 80000,
    };
    const grid = { step: 1, duration: 1 };
    // 2 clusters; cluster 1 absent (NaN) on frame 0.
    const activity = Float64Array.from([1, NaN, 1, 0, 1, 1, 0, 1, 0, 0]);
    const count = { data: Uint8Array.from([1, 1, 2, 1, 0]), frames: 5 };
    const binary = discreteDiarization(activity, seg, 2, count, grid);
    expect(Array.from(binary.data)).toEqual([1, 0, 1, 0, 1, 1, 0, 1, 0, 0]);
    const { turns } = labelTurns(binarizeToTurns(binary, grid));
    expect(turns).toEqual([
      { start: 0.5, end: 3.5, speaker: 'SPEAKER_00' },
      { start: 2.5, end: 4.5, speaker: 'SPEAKER_01' },
    ]);
  });

  it('uses segmentation-3.0 frame geometry (589 frames per 10 s)', () => {
    expect(Math.floor((10 - SEGMENTATION_FRAMES.duration) / SEGMENTATION_FRAMES.step) + 1).toBe(589);
  });
});

describe('Kaldi fbank', () => {
  const fbank = new FbankExtractor();
  it('has Kaldi frame counts (25 ms / 10 ms, snip edges)', () => {
    expect(fbank.numFrames(399)).toBe(0);
    expect(fbank.numFrames(400)).toBe(1);
    expect(fbank.numFrames(160000)).toBe(998);
  });

  it('puts a tone in the mel bin holding its frequency and floors silence at log(eps)', () => {
    const sr = 16000;
    const tone = Float32Array.from({ length: sr }, (_, i) => 10000 * Math.sin((2 * Math.PI * 1000 * i) / sr));
    const feats = fbank.compute(tone);
    const row = feats.subarray(50 * 80, 51 * 80);
    const peak = row.indexOf(Math.max(...row));
    const mel = (hz: number) => 1127 * Math.log(1 + hz / 700);
    const delta = (mel(8000) - mel(20)) / 81;
    const expected = Math.round((mel(1000) - mel(20)) / delta) - 1;
    expect(Math.abs(peak - expected)).toBeLessThanOrEqual(1);
    const silent = fbank.compute(new Float32Array(800));
    expect(silent[0]).toBeCloseTo(Math.log(1.1920928955078125e-7), 6);
  });

  it('mean normalisation zeroes every bin mean', () => {
    const noise = Float32Array.from({ length: 8000 }, (_, i) => Math.sin(i * 12.9898) * 3000);
    const frames = fbank.numFrames(noise.length);
    const feats = subtractFrameMean(fbank.compute(noise), frames, 80);
    for (let b = 0; b < 80; b += 13) {
      let s = 0;
      for (let f = 0; f < frames; f++) s += feats[f * 80 + b];
      expect(Math.abs(s / frames)).toBeLessThan(1e-4);
    }
  });
});
