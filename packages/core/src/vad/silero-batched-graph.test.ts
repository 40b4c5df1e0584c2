import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kitModelPath } from './__fixtures__/kit-vad.js';
import { BATCHED_ROW_SAMPLES, batchedRows, buildBatchedSileroModel } from './silero-batched-graph.js';
import { sileroModelPath } from './silero.js';

describe('batchedRows', () => {
  it('gives each row the 64 samples before its chunk, then the chunk, zero-padded past the end', () => {
    const block = Float32Array.from({ length: 512 * 2 + 10 }, (_, i) => i + 1);
    const previous = Float32Array.from({ length: 64 }, (_, i) => -(i + 1));
    const rows = batchedRows(block, 3, previous);
    expect(rows.length).toBe(3 * BATCHED_ROW_SAMPLES);
    const row = (k: number) => Array.from(rows.subarray(k * BATCHED_ROW_SAMPLES, (k + 1) * BATCHED_ROW_SAMPLES));
    expect(row(0).slice(0, 64)).toEqual(Array.from(previous));
    expect(row(0).slice(64)).toEqual(Array.from(block.subarray(0, 512)));
    expect(row(1).slice(0, 64)).toEqual(Array.from(block.subarray(512 - 64, 512)));
    expect(row(1).slice(64)).toEqual(Array.from(block.subarray(512, 1024)));
    expect(row(2).slice(0, 64)).toEqual(Array.from(block.subarray(1024 - 64, 1024)));
    expect(row(2).slice(64, 74)).toEqual(Array.from(block.subarray(1024)));
    expect(
      row(2)
        .slice(74)
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('reuses a larger buffer without leaking its old contents', () => {
    const into = new Float32Array(4 * BATCHED_ROW_SAMPLES).fill(9);
    const rows = batchedRows(new Float32Array(100).fill(1), 1, new Float32Array(64));
    const reused = batchedRows(new Float32Array(100).fill(1), 1, new Float32Array(64), into);
    expect(reused.buffer).toBe(into.buffer);
    expect(Array.from(reused)).toEqual(Array.from(rows));
  });
});

describe('buildBatchedSileroModel', () => {
  it('builds a model from both shipped versions', async () => {
    for (const version of ['v5', 'v6.2'] as const) {
      const built = await buildBatchedSileroModel(readFileSync(sileroModelPath(version)));
      expect(built).toBeInstanceOf(Uint8Array);
      expect(built!.length).toBeGreaterThan(1_000_000); // the weights (~1.2 MB of floats) are inside
    }
  });

  it('gives undefined for an ONNX file that is not Silero and for bytes that are not ONNX', async () => {
    const other = readFileSync(kitModelPath('wav2vec2').replace(/\/?$/, '/onnx/model.onnx'));
    expect(await buildBatchedSileroModel(other)).toBeUndefined();
    expect(await buildBatchedSileroModel(new Uint8Array([1, 2, 3, 250, 251]))).toBeUndefined();
  });
});
