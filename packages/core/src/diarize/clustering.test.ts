import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { agglomerativeCluster, clusterChunkEmbeddings, resolveSpeakerBounds } from './clustering.js';
import { fclusterDistance, linkage, linkageFromDistances, linkageGram, matrixFromRows } from './linkage.js';
import { pdistEuclidean, pdistEuclideanGram, squareDistancesGram, squareFromCondensed } from './distances.js';

interface Refs {
  linkage_sets: {
    name: string;
    points: number[][];
    [key: string]: unknown;
  }[];
  speaker_sets: {
    name: string;
    points: number[][];
    runs: { constraints: { num?: number; min?: number; max?: number }; labels: number[] }[];
  }[];
}

const refs = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/diarize/cluster-refs.json'), 'utf8')) as Refs;

function expectScipyLinkage(Z: Float64Array, expected: number[][]): void {
  expect(Z.length).toBe(expected.length * 4);
  expected.forEach((row, k) => {
    expect([Z[4 * k], Z[4 * k + 1], Z[4 * k + 3]], `merge ${k}`).toEqual([row[0], row[1], row[3]]);
    const d = Z[4 * k + 2];
    expect(Math.abs(d - row[2]), `distance of merge ${k}`).toBeLessThanOrEqual(1e-9 * Math.abs(row[2]) + 1e-15);
  });
}

describe('linkage + fcluster equal scipy', () => {
  for (const set of refs.linkage_sets) {
    for (const method of ['centroid', 'median'] as const) {
      const expected = set[`linkage_${method}`] as number[][] | undefined;
      if (!expected) continue;
      it(`${set.name} (${method})`, async () => {
        const x = matrixFromRows(set.points);
        const Z = linkage(x, method);
        expectScipyLinkage(Z, expected);
        for (const { t, labels } of set[`fcluster_${method}`] as { t: number; labels: number[] }[]) {
          expect(Array.from(fclusterDistance(Z, x.rows, t)), `t=${t}`).toEqual(labels);
        }
        // The Gram kernel gives the same dendrogram (blocks of 7 rows exercise the block seams).
        expectScipyLinkage(await linkageGram(x, method, { blockRows: 7 }), expected);
      });
    }
  }
});

describe('Gram distance kernel', () => {
  it('matches the exact kernel, including near-duplicate and duplicate rows', async () => {
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
    const rows: number[][] = [];
    for (let i = 0; i < 300; i++) {
      const base = i % 3 === 2 ? rows[i - 1] : Array.from({ length: 64 }, () => 10 * rand());
      // Every third row is a tiny perturbation of the previous one (the Gram formula would cancel).
      rows.push(i % 3 === 2 ? base.map((v) => v + 1e-7 * rand()) : base);
    }
    rows.push([...rows[0]]);
    const x = matrixFromRows(rows);
    const exact = pdistEuclidean(x);
    const gram = await pdistEuclideanGram(x, { blockRows: 64 });
    let worst = 0;
    for (let k = 0; k < exact.length; k++) {
      worst = Math.max(worst, Math.abs(gram[k] - exact[k]) / Math.max(exact[k], 1e-300));
      if (exact[k] === 0) expect(gram[k]).toBe(0);
    }
    expect(worst).toBeLessThan(1e-11);
    expect(Array.from(await squareDistancesGram(x, { blockRows: 50 }))).toEqual(
      Array.from(squareFromCondensed(gram, x.rows)),
    );
    // Without the exact recomputation the near-duplicates would be far off: the case needs it.
    const raw = await pdistEuclideanGram(x, { blockRows: 64, refineBelow: 0 });
    expect(Math.max(...raw.map((v, k) => Math.abs(v - exact[k]) / Math.max(exact[k], 1e-300)))).toBeGreaterThan(1e-6);
    expect(Array.from(linkageFromDistances(gram, x.rows).filter((_, i) => i % 4 !== 2))).toEqual(
      Array.from(linkageFromDistances(exact, x.rows).filter((_, i) => i % 4 !== 2)),
    );
  });
});

describe('pyannote agglomerative clustering (reference labels)', () => {
  for (const set of refs.speaker_sets) {
    for (const run of set.runs) {
      it(`${set.name} ${JSON.stringify(run.constraints)}`, async () => {
        const x = matrixFromRows(set.points);
        const bounds = resolveSpeakerBounds({
          numSpeakers: run.constraints.num,
          minSpeakers: run.constraints.min,
          maxSpeakers: run.constraints.max,
        });
        const clamp = (v: number) => Math.max(1, Math.min(x.rows, v));
        const min = clamp(bounds.num ?? bounds.min);
        const max = clamp(bounds.num ?? bounds.max);
        const resolved = { num: min === max ? min : bounds.num, min, max };
        for (const distanceKernel of ['exact', 'gram'] as const) {
          const labels = max < 2 ? new Int32Array(x.rows) : await agglomerativeCluster(x, resolved, { distanceKernel });
          expect(Array.from(labels), distanceKernel).toEqual(run.labels);
        }
      });
    }
  }
});

describe('clusterChunkEmbeddings', () => {
  it('marks inactive speakers -2, clusters the rest, honours numSpeakers', async () => {
    const set = refs.speaker_sets[0];
    const dim = set.points[0].length;
    const chunks = set.points.length;
    const speakers = 2;
    const data = new Float64Array(chunks * speakers * dim).fill(NaN);
    const active = new Uint8Array(chunks * speakers);
    set.points.forEach((p, c) => {
      data.set(p, c * speakers * dim);
      active[c * speakers] = 1;
    });
    const four = await clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, {});
    expect(four.centroids.length).toBe(4);
    for (let c = 0; c < chunks; c++) expect(four.hardClusters[c * speakers + 1]).toBe(-2);
    const two = await clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, { numSpeakers: 2 });
    expect(new Set(Array.from(two.hardClusters).filter((k) => k >= 0)).size).toBe(2);
    const one = await clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, { maxSpeakers: 1 });
    expect(new Set(Array.from(one.hardClusters).filter((k) => k >= 0))).toEqual(new Set([0]));
  });

  it('rejects impossible bounds with a usage error', () => {
    expect(() => resolveSpeakerBounds({ minSpeakers: 3, maxSpeakers: 2 })).toThrow(/minSpeakers=3/);
    expect(() => resolveSpeakerBounds({ numSpeakers: 0 })).toThrow(/positive integer/);
  });
});
