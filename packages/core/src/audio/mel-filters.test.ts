import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareArrays, kitPath, readKitArray } from '../../../../test/helpers/kit.js';
import { hertzToMel, melFilters, melToHertz, sparseMelFilters } from './mel-filters.js';

interface MelFilterCase {
  id: string;
  kind: string;
  options: { nMels: 80 | 128 };
  expected: string;
  tolerance: { abs: number };
}

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as { cases: MelFilterCase[] };
const cases = kit.cases.filter((c) => c.kind === 'mel_filters');

describe('melFilters (kit goldens)', () => {
  it('kit has the mel_filters cases', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(['mel_filters/128', 'mel_filters/80']);
  });

  for (const c of cases) {
    it(c.id, () => {
      const expected = readKitArray(kitPath(c.expected));
      expect(expected.shape).toEqual([201, c.options.nMels]);
      const actual = melFilters(c.options.nMels);
      const r = compareArrays(actual, expected.data as Float32Array, c.tolerance);
      expect(r.maxAbs).toBeLessThanOrEqual(c.tolerance.abs);
      expect(r.ok).toBe(true);
    });
  }
});

describe('mel scale and sparse bank', () => {
  it('hertzToMel / melToHertz are inverse and linear below 1 kHz', () => {
    expect(hertzToMel(200)).toBeCloseTo(3, 12);
    expect(hertzToMel(1000)).toBeCloseTo(15, 12);
    for (const hz of [0, 50, 999, 1000, 2500, 8000]) expect(melToHertz(hertzToMel(hz))).toBeCloseTo(hz, 8);
  });

  it('the sparse filters reproduce the dense bank', () => {
    for (const nMels of [80, 128] as const) {
      const dense = melFilters(nMels);
      const sparse = sparseMelFilters(nMels);
      const rebuilt = new Float32Array(201 * nMels);
      let nonZero = 0;
      sparse.forEach((f, m) => {
        f.weights.forEach((w, k) => (rebuilt[(f.start + k) * nMels + m] = w));
        nonZero += f.weights.length;
      });
      expect(Array.from(rebuilt)).toEqual(Array.from(dense));
      expect(nonZero).toBeLessThan(3 * 201); // each bin feeds at most two adjacent filters (+ edges)
    }
  });
});
