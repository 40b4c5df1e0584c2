import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitPath, readKitWav } from '../../../../test/helpers/kit.js';
import type { EmissionMatrix } from './ctc-forced-align.js';
import {
  computeEmissions,
  framesForSamples,
  loadWav2Vec2,
  minimumSamples,
  normalizeWaveform,
  planBatches,
  releaseWav2Vec2,
  type Wav2Vec2Model,
} from './wav2vec2.js';

const maxDiff = (a: EmissionMatrix, b: EmissionMatrix): number => {
  expect([a.frames, a.labels]).toEqual([b.frames, b.labels]);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
};

describe('wav2vec2 emissions', () => {
  let model: Wav2Vec2Model;
  let wav: Float32Array;
  beforeAll(async () => {
    model = await loadWav2Vec2(kitPath('wav2vec2-mini'), { threads: 1 });
    wav = readKitWav(kitPath('audio/jfk.wav'));
  });
  afterAll(async () => releaseWav2Vec2(model));

  it('reads the model folder', () => {
    expect(model.blank).toBe(0);
    expect(model.numLabels).toBe(29);
    expect(model.dictionary.get('e')).toBe(2);
    expect(model.doNormalize).toBe(false);
    expect(model.featExtractNorm).toBe('group');
    expect(framesForSamples(model, 176000)).toBe(549);
    expect(minimumSamples(model)).toBe(400);
  });

  it('batches equal lengths with the same result as one by one', async () => {
    const parts = [0, 1, 2].map((k) => wav.subarray(k * 48000, (k + 1) * 48000));
    const batched = await computeEmissions(model, parts, { batchSize: 3 });
    for (let k = 0; k < 3; k++) {
      const [alone] = await computeEmissions(model, [parts[k]], { batchSize: 1 });
      expect(maxDiff(batched[k], alone)).toBeLessThan(1e-4);
    }
  });

  it('keeps different lengths apart by default (exact), pads them when allowed (not exact: group norm)', async () => {
    const a = wav.subarray(0, 48000);
    const b = wav.subarray(48000, 48000 + 43200); // 10% shorter
    const [aloneB] = await computeEmissions(model, [b]);
    const exact = await computeEmissions(model, [a, b], { batchSize: 8 });
    expect(maxDiff(exact[1], aloneB)).toBe(0);
    const padded = await computeEmissions(model, [a, b], { batchSize: 8, maxPaddingRatio: 0.1 });
    expect(padded[1].frames).toBe(framesForSamples(model, b.length));
    // measured: zero padding changes the group-norm statistics, so the emissions move (> 1e-3)
    expect(maxDiff(padded[1], aloneB)).toBeGreaterThan(1e-3);
    expect(maxDiff(padded[0], exact[0])).toBeLessThan(1e-4);
  });

  it('pads inputs shorter than the receptive field to one frame', async () => {
    const [em] = await computeEmissions(model, [wav.subarray(16000, 16100)]);
    expect(em.frames).toBe(1);
  });

  it('plans batches longest first within the padding budget', () => {
    expect(planBatches([100, 200, 100, 150], 8, 0)).toEqual([[1], [3], [0, 2]]);
    expect(planBatches([100, 200, 100, 150], 8, 0.5)).toEqual([[1, 3, 0, 2]]);
    expect(planBatches([100, 100, 100], 2, 0)).toEqual([[0, 1], [2]]);
    // the audio budget per pass: rows x longest <= maxBatchSamples, a single longer row still runs
    expect(planBatches([100, 100, 100, 100], 8, 0, 250)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(planBatches([300, 100], 8, 1, 250)).toEqual([[0], [1]]);
  });

  it('normalises to zero mean and unit variance', () => {
    const x = normalizeWaveform(Float32Array.from([1, 2, 3, 4]));
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(x.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 5);
  });

  it('reads the labels from tokenizer.json when a repo has no vocab.json, and says so when neither exists', async () => {
    const { mkdtempSync, cpSync, rmSync, writeFileSync, readFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'w2v-vocab-'));
    try {
      cpSync(kitPath('wav2vec2-mini'), dir, { recursive: true });
      const vocab = JSON.parse(readFileSync(path.join(dir, 'vocab.json'), 'utf8'));
      rmSync(path.join(dir, 'vocab.json'));
      await expect(loadWav2Vec2(dir)).rejects.toThrow(/no vocab\.json .*--align_model/);
      writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'WordLevel', vocab } }));
      const m = await loadWav2Vec2(dir, { threads: 1 });
      expect(m.dictionary.get('e')).toBe(2);
      expect(m.blank).toBe(0);
      await releaseWav2Vec2(m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
