import { describe, expect, it } from 'vitest';
import { decoderRowBytes, maxDecoderRows, modelWeightBytes, passGroups } from './decoder-rows.js';
import type { WhisperDims } from './executor.js';

const dims = (nLayers: number, dModel: number, nVocab = 51865): WhisperDims => ({
  nMels: 80,
  nVocab,
  nAudioCtx: 1500,
  dModel,
  nTextCtx: 448,
  nTextLayer: nLayers,
  nTextHead: dModel / 64,
  nAudioLayer: nLayers,
});
const MB = 1024 * 1024;

describe('decoder row budget', () => {
  it('sizes a row by its cross- and self-attention caches', () => {
    // tiny: 4 layers x 2 x (1500 + 224) x 384 x 4 bytes
    expect(decoderRowBytes(dims(4, 384))).toBe(4 * 2 * 1724 * 384 * 4);
    expect(decoderRowBytes(dims(32, 1280)) / MB).toBeCloseTo(538.8, 0);
  });

  it('estimates float32 weights close to the real checkpoints', () => {
    // tiny 39 M, base 74 M, small 244 M, medium 769 M, large 1550 M parameters
    const cases: [WhisperDims, number][] = [
      [dims(4, 384), 39e6],
      [dims(6, 512), 74e6],
      [dims(12, 768), 244e6],
      [dims(24, 1024), 769e6],
      [dims(32, 1280, 51866), 1550e6],
    ];
    for (const [d, params] of cases) {
      const estimate = modelWeightBytes(d) / 4;
      expect(Math.abs(estimate - params) / params).toBeLessThan(0.1);
    }
  });

  it('lets small models batch 8 greedy windows and bounds beams of large ones', () => {
    expect(maxDecoderRows(dims(4, 384))).toBe(50); // tiny: 1 GiB floor / 21.2 MB
    expect(maxDecoderRows(dims(6, 512))).toBe(25); // base: 1 GiB / 42 MB
    expect(maxDecoderRows(dims(12, 768))).toBe(8); // small: 1 GiB / 127 MB
    expect(maxDecoderRows(dims(24, 1024))).toBe(8); // medium: 3.0 GB / 339 MB
    expect(maxDecoderRows(dims(32, 1280, 51866))).toBe(10); // large-v3: 6.0 GB / 539 MB
  });

  it('splits windows into even groups of at most maxRows rows, one window at least', () => {
    expect(passGroups(8, 1, 21)).toEqual([8]);
    expect(passGroups(8, 5, 25)).toEqual([4, 4]); // base, beam 5
    expect(passGroups(8, 5, 10)).toEqual([2, 2, 2, 2]); // large-v3, beam 5
    expect(passGroups(8, 5, 10)).toEqual([2, 2, 2, 2]);
    expect(passGroups(7, 5, 10)).toEqual([2, 2, 2, 1]);
    expect(passGroups(8, 1, 7)).toEqual([4, 4]);
    expect(passGroups(3, 5, 2)).toEqual([1, 1, 1]);
    expect(passGroups(0, 5, 10)).toEqual([]);
    for (let w = 1; w <= 16; w++)
      for (const r of [1, 2, 5])
        for (const m of [1, 4, 10, 21]) {
          const g = passGroups(w, r, m);
          expect(g.reduce((a, b) => a + b, 0)).toBe(w);
          expect(Math.max(...g) - Math.min(...g)).toBeLessThanOrEqual(1);
          for (const n of g) expect(n === 1 || n * r <= m).toBe(true);
        }
  });
});
