import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT_DIR, readKitWav } from '../../../../test/helpers/kit.js';
import { memorySource, type SampleSource } from '../audio/sample-source.js';
import { ChunkFbank, readScaled } from './chunk-fbank.js';
import { FbankExtractor } from './fbank.js';
import { chunkStarts } from './segmentation.js';

const WINDOW = 160000;
const STEP = 16000;

/** The whole-recording computation embedChunks used before: fbank of the zero-padded audio x 32768. */
function globalFbank(audio: Float32Array, starts: number[], fbank: FbankExtractor): Float32Array {
  const padded = new Float32Array(Math.max(starts.at(-1)! + WINDOW, audio.length));
  for (let i = 0; i < audio.length; i++) padded[i] = audio[i] * 32768;
  return fbank.compute(padded);
}

/** Index of the first element that differs (Object.is, so bit for bit up to NaN payloads), -1 when equal. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** A memory source that records the longest read. */
function spySource(audio: Float32Array): SampleSource & { longest: number; reads: number } {
  const inner = memorySource(audio);
  const spy = {
    ...inner,
    longest: 0,
    reads: 0,
    read(start: number, end: number) {
      spy.longest = Math.max(spy.longest, end - start);
      spy.reads++;
      return inner.read(start, end);
    },
  };
  return spy;
}

describe('blocked chunk fbank', () => {
  const fbank = new FbankExtractor();
  const bins = fbank.numMelBins;
  // 30 s of kit audio cut to a length on no grid: 21 full windows and a zero-padded last one.
  const audio = readKitWav(path.join(KIT_DIR, 'audio/two-speakers.wav')).subarray(0, 30 * 16000 - 1237);
  const starts = chunkStarts(audio.length, WINDOW, STEP);
  const global = globalFbank(audio, starts, fbank);

  it('frames are frame-local: a block starting on the grid equals the global frames', () => {
    const start = 7 * STEP;
    const length = 2 * WINDOW + 999;
    const block = fbank.compute(readScaled(memorySource(audio), start, length));
    const offset = (start / fbank.frameShift) * bins;
    expect(block.length).toBe(fbank.numFrames(length) * bins);
    expect(firstDifference(block, global.subarray(offset, offset + block.length))).toBe(-1);
  });

  it('equals the global fbank chunk by chunk, the last zero-padded chunk included, for any group size', () => {
    expect(starts.at(-1)! + WINDOW).toBeGreaterThan(audio.length);
    for (const groupSeconds of [0, 3.5, 7, 60, Infinity]) {
      const source = spySource(audio);
      const chunks = new ChunkFbank(source, starts, WINDOW, fbank, groupSeconds);
      expect(chunks.aligned).toBe(true);
      for (let c = 0; c < starts.length; c++) {
        const first = (starts[c] / fbank.frameShift) * bins;
        const feats = chunks.features(c);
        expect(feats.length).toBe(chunks.frames * bins);
        expect(firstDifference(feats, global.subarray(first, first + feats.length)), `chunk ${c}`).toBe(-1);
      }
      // Reads stay within a group (its starts' span + one window), one read per group.
      const span = Math.min(Math.round(groupSeconds * 16000), starts.at(-1)!);
      expect(source.longest).toBeLessThanOrEqual(span + WINDOW);
      if (Number.isFinite(groupSeconds)) {
        const perGroup = Math.floor(Math.round(groupSeconds * 16000) / STEP) + 1;
        expect(source.reads).toBe(Math.ceil(starts.length / perGroup));
      }
    }
  });

  it('off the frame grid, each chunk is its own fbank of the zero-padded window', () => {
    const offGrid = starts.map((s, i) => s + 37 * i);
    const source = spySource(audio);
    const chunks = new ChunkFbank(source, offGrid, WINDOW, fbank);
    expect(chunks.aligned).toBe(false);
    const padded = new Float32Array(offGrid.at(-1)! + WINDOW);
    for (let i = 0; i < audio.length; i++) padded[i] = audio[i] * 32768;
    for (const c of [0, 5, offGrid.length - 1]) {
      expect(firstDifference(chunks.features(c), fbank.compute(padded, offGrid[c], WINDOW))).toBe(-1);
    }
    expect(source.longest).toBe(WINDOW);
  });

  it('recomputes a group when chunks are asked out of order', () => {
    const chunks = new ChunkFbank(memorySource(audio), starts, WINDOW, fbank, 5);
    for (const c of [10, 3, 20, 0, 11]) {
      const first = (starts[c] / fbank.frameShift) * bins;
      expect(firstDifference(chunks.features(c), global.subarray(first, first + chunks.frames * bins))).toBe(-1);
    }
  });
});
