import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { agglomerativeCluster, clusterChunkEmbeddings, resolveSpeakerBounds } from './clustering.js';
import { fclusterDistance, linkage, matrixFromRows } from './linkage.js';

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

describe('linkage + fcluster equal scipy', () => {
  for (const set of refs.linkage_sets) {
    for (const method of ['centroid', 'median'] as const) {
      const expected = set[`linkage_${method}`] as number[][] | undefined;
      if (!expected) continue;
      it(`${set.name} (${method})`, () => {
        const x = matrixFromRows(set.points);
        const Z = linkage(x, method);
        expect(Z.length).toBe(expected.length * 4);
        expected.forEach((row, k) => {
          expect([Z[4 * k], Z[4 * k + 1], Z[4 * k + 3]], `merge ${k}`).toEqual([row[0], row[1], row[3]]);
          const d = Z[4 * k + 2];
          expect(Math.abs(d - row[2]), `distance of merge ${k}`).toBeLessThanOrEqual(1e-9 * Math.abs(row[2]) + 1e-15);
        });
        for (const { t, labels } of set[`fcluster_${method}`] as { t: number; labels: number[] }[]) {
          expect(Array.from(fclusterDistance(Z, x.rows, t)), `t=${t}`).toEqual(labels);
        }
      });
    }
  }
});

describe('pyannote agglomerative clustering (reference labels)', () => {
  for (const set of refs.speaker_sets) {
    for (const run of set.runs) {
      it(`${set.name} ${JSON.stringify(run.constraints)}`, () => {
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
        const labels = max < 2 ? new Int32Array(x.rows) : agglomerativeCluster(x, resolved);
        expect(Array.from(labels)).toEqual(run.labels);
      });
    }
  }
});

describe('clusterChunkEmbeddings', () => {
  it('marks inactive speakers -2, clusters the rest, honours numSpeakers', () => {
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
    const four = clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, {});
    expect(four.centroids.length).toBe(4);
    for (let c = 0; c < chunks; c++) expect(four.hardClusters[c * speakers + 1]).toBe(-2);
    const two = clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, { numSpeakers: 2 });
    expect(new Set(Array.from(two.hardClusters).filter((k) => k >= 0)).size).toBe(2);
    const one = clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, { maxSpeakers: 1 });
    expect(new Set(Array.from(one.hardClusters).filter((k) => k >= 0))).toEqual(new Set([0]));
  });

  it('rejects impossible bounds with a usage error', () => {
    expect(() => resolveSpeakerBounds({ minSpeakers: 3, maxSpeakers: 2 })).toThrow(/minSpeakers=3/);
    expect(() => resolveSpeakerBounds({ numSpeakers: 0 })).toThrow(/positive integer/);
  });
});
