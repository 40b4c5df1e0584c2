import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { generalizedEigen, inverse, matmul, symmetricEigen, transpose } from './dense-linalg.js';
import { createPlda, loadPldaFolder } from './plda.js';

const KIT = path.join(REPO_ROOT, 'test/kits/diarization');
function readBin(rel: string): Float64Array {
  const b = readFileSync(path.join(KIT, rel));
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

function randomSpd(n: number, rand: () => number): Float64Array {
  const a = Float64Array.from({ length: n * n }, rand);
  const s = matmul(a, transpose(a, n, n), n, n, n);
  for (let i = 0; i < n; i++) s[i * n + i] += n;
  return s;
}

describe('dense linear algebra', () => {
  it('inverse, symmetric eigen and the generalized problem satisfy their definitions', () => {
    const n = 12;
    const rand = lcg(3);
    const w = randomSpd(n, rand);
    const b = randomSpd(n, rand);
    const eye = matmul(w, inverse(w, n), n, n, n);
    eye.forEach((v, i) => expect(Math.abs(v - (i % (n + 1) === 0 ? 1 : 0))).toBeLessThan(1e-12));
    const { values, vectors } = symmetricEigen(b, n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    const bv = matmul(b, vectors, n, n, n);
    for (let i = 0; i < n * n; i++) expect(Math.abs(bv[i] - vectors[i] * values[i % n])).toBeLessThan(1e-9);
    const g = generalizedEigen(b, w, n);
    const lhs = matmul(b, g.vectors, n, n, n);
    const rhs = matmul(w, g.vectors, n, n, n);
    for (let i = 0; i < n * n; i++) expect(Math.abs(lhs[i] - rhs[i] * g.values[i % n])).toBeLessThan(1e-9);
    const vtwv = matmul(transpose(g.vectors, n, n), rhs, n, n, n);
    vtwv.forEach((v, i) => expect(Math.abs(v - (i % (n + 1) === 0 ? 1 : 0))).toBeLessThan(1e-10));
  });
});

describe('PLDA (pyannote.audio 4 vbx_setup)', () => {
  it("maps the kit's training embeddings to pyannote's PLDA features (each basis vector up to its sign)", async () => {
    const plda = loadPldaFolder(path.join(KIT, 'models/community-mini/plda'));
    expect(plda.dimension).toBe(128);
    for (let i = 1; i < plda.dimension; i++) expect(plda.phi[i]).toBeLessThanOrEqual(plda.phi[i - 1]);
    // Training rows of the two-speakers run: every valid embedding spoken alone >= 20 % of a chunk.
    const golden = JSON.parse(readFileSync(path.join(KIT, 'golden/vbx_two-speakers_models.json'), 'utf8'));
    const expected = readBin('golden/vbx_two-speakers_models.plda_features.bin');
    const rows = expected.length / 128;
    expect(golden.ahc_labels).toHaveLength(rows);
    const embeddings = readBin('golden/vbx_two-speakers_models.embeddings.bin');
    const seg = new Int16Array(readFileSync(path.join(KIT, 'golden/two-speakers.segmentation.bin')).buffer.slice(0));
    const frames = seg.length / (golden.hard_clusters.length * 3);
    const train: number[] = [];
    for (let c = 0; c < golden.hard_clusters.length; c++) {
      for (let s = 0; s < 3; s++) {
        let clean = 0;
        for (let f = 0; f < frames; f++) {
          const base = (c * frames + f) * 3;
          if (seg[base] + seg[base + 1] + seg[base + 2] === 1) clean += seg[base + s];
        }
        if (clean >= 0.2 * frames && !Number.isNaN(embeddings[(c * 3 + s) * 256])) train.push(c * 3 + s);
      }
    }
    expect(train).toHaveLength(rows);
    const x = new Float64Array(rows * 256);
    train.forEach((row, r) => x.set(embeddings.subarray(row * 256, row * 256 + 256), r * 256));
    const got = await plda.transform(x, rows);
    for (let j = 0; j < 128; j++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += got[r * 128 + j] * expected[r * 128 + j];
      const sign = Math.sign(dot);
      for (let r = 0; r < rows; r++)
        expect(Math.abs(sign * got[r * 128 + j] - expected[r * 128 + j])).toBeLessThan(1e-8);
    }
  });

  it('refuses singular PLDA matrices with one line', () => {
    const l = 4;
    const params = {
      mean1: new Float64Array(6),
      mean2: new Float64Array(l),
      lda: new Float64Array(6 * l).fill(1),
      mu: new Float64Array(l),
      tr: new Float64Array(l * l),
      psi: new Float64Array(l).fill(1),
    };
    expect(() => createPlda(params, 128, 'x/plda')).toThrow(
      /^x\/plda: PLDA matrices are not usable \(singular matrix\)\.$/,
    );
  });
});
