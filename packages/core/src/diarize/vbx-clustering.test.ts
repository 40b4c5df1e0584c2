import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { resolveSpeakerBounds } from './clustering.js';
import { loadPldaFolder } from './plda.js';
import type { ChunkSegmentation } from './segmentation.js';
import { trainingEmbeddings, vbxCluster } from './vbx-clustering.js';

const plda = loadPldaFolder(path.join(REPO_ROOT, 'test/kits/diarization/models/community-mini/plda'));

/** 40 chunks; local speakers 0 and 1 talk alone in turns (speaker 2 silent); 2 voices alternating every 5 chunks. */
function fixture() {
  const chunks = 40;
  const frames = 100;
  const data = new Uint8Array(chunks * frames * 3);
  for (let c = 0; c < chunks; c++) for (let f = 0; f < frames; f++) data[(c * frames + f) * 3 + (f < 50 ? 0 : 1)] = 1;
  const seg: ChunkSegmentation = {
    data,
    chunks,
    frames,
    speakers: 3,
    chunkStep: 1,
    chunkDuration: 10,
    chunkStartSample: [],
    windowSamples: 160000,
  };
  let seed = 9;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5;
  const voices = [0, 1].map(() => Float64Array.from({ length: 256 }, rand));
  const emb = new Float64Array(chunks * 3 * 256).fill(NaN);
  for (let c = 0; c < chunks; c++) {
    for (let s = 0; s < 2; s++) {
      const v = voices[(s + Math.floor(c / 5)) % 2];
      for (let j = 0; j < 256; j++) emb[(c * 3 + s) * 256 + j] = v[j] + 0.1 * rand();
    }
  }
  return { seg, embeddings: { data: emb, chunks, speakers: 3, dim: 256 } };
}

describe('VBx clustering (pyannote.audio 4 VBxClustering)', () => {
  it('trains on valid embeddings spoken alone for 20 % of the chunk', () => {
    const { seg, embeddings } = fixture();
    expect(trainingEmbeddings(embeddings, seg, 0.2)).toHaveLength(80);
    expect(trainingEmbeddings(embeddings, seg, 0.6)).toHaveLength(0);
  });

  it('finds the two voices and assigns the two local speakers of a chunk to different clusters', async () => {
    const { seg, embeddings } = fixture();
    const r = await vbxCluster(embeddings, seg, plda, resolveSpeakerBounds({}));
    expect(r.kmeans).toBe(false);
    expect(r.centroids).toHaveLength(2);
    for (let c = 0; c < 40; c++) {
      expect(r.hardClusters[c * 3]).not.toBe(r.hardClusters[c * 3 + 1]);
      expect(r.hardClusters[c * 3]).toBe(r.hardClusters[(c % 10 < 5 ? 0 : 5) * 3]);
    }
  });

  it('re-clusters with k-means when the count breaks the bounds, with a plain argmax', async () => {
    const { seg, embeddings } = fixture();
    const r = await vbxCluster(embeddings, seg, plda, resolveSpeakerBounds({ numSpeakers: 3 }));
    expect(r.kmeans).toBe(true);
    expect(r.centroids).toHaveLength(3);
    // the silent local speaker (NaN embedding) gets numpy's argmax of NaN scores: cluster 0
    for (let c = 0; c < 40; c++) expect(r.hardClusters[c * 3 + 2]).toBe(0);
  });

  it('does not cluster fewer than two training embeddings', async () => {
    const { seg, embeddings } = fixture();
    embeddings.data.fill(NaN);
    const r = await vbxCluster(embeddings, seg, plda, resolveSpeakerBounds({}));
    expect(Array.from(new Set(r.hardClusters))).toEqual([0]);
    expect(r.centroids).toHaveLength(1);
  });
});
