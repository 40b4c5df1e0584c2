/**
 * Speaker clustering as pyannote.audio 4's `VBxClustering` does it (speaker-diarization-community-1):
 *  1. training embeddings: valid (no NaN) and spoken alone for at least 20 % of the chunk's frames;
 *  2. AHC start: centroid linkage on unit-normalised training embeddings, cut at `threshold`;
 *  3. VBx on their PLDA features from that start; speakers whose prior stays above 1e-7 are kept,
 *     each centroid the responsibility-weighted mean of the raw training embeddings;
 *  4. when the kept count is outside [min, max] (or differs from `num`), K-means (scikit-learn,
 *     3 inits, seed 42) on the normalised training embeddings instead, centroids = cluster means;
 *  5. every (chunk, local speaker) scored 2 - cosine distance to each centroid; per chunk, a
 *     one-to-one assignment of local speakers to centroids maximising the score (inactive
 *     speakers scored lowest), or a plain argmax after K-means. Unassigned speakers get -2.
 */
import type { ChunkEmbeddings, SpeakerBounds } from './clustering.js';
import { cosineDistance, normaliseRows } from './clustering.js';
import { Gemm } from './gemm.js';
import { kmeansFitPredict } from './kmeans.js';
import { fclusterDistance, linkage, linkageGram, type Matrix } from './linkage.js';
import { linearSumAssignment } from './lsap.js';
import type { Plda } from './plda.js';
import type { ChunkSegmentation } from './segmentation.js';
import { clusterVbx } from './vbx.js';

/** VBx hyper-parameters (defaults: speaker-diarization-community-1's config.yaml). */
export interface VbxClusteringOptions {
  /** AHC threshold on unit-normalised embeddings. Default 0.6. */
  threshold?: number;
  /** VBx Fa. Default 0.07. */
  Fa?: number;
  /** VBx Fb. Default 0.8. */
  Fb?: number;
  /** Training embeddings need this fraction of the chunk's frames spoken alone. Default 0.2. */
  minActiveRatio?: number;
  /** Pairwise distances on onnxruntime from this many training rows (results unchanged). Default 256. */
  gramFromRows?: number;
}

export const DEFAULT_VBX_CLUSTERING = { threshold: 0.6, Fa: 0.07, Fb: 0.8, minActiveRatio: 0.2, gramFromRows: 256 };

export interface VbxClusterResult {
  /** Cluster per (chunk, local speaker), chunk-major; -2 = none. */
  hardClusters: Int32Array;
  /** Centroid rows (raw embedding space). */
  centroids: Float64Array[];
  /** (chunk * speakers + speaker) of each training embedding. */
  trainIndex: number[];
  /** PLDA features of the training embeddings [train, plda.dimension]. */
  features: Float64Array;
  /** AHC labels of the training embeddings (VBx start). */
  ahcLabels: Int32Array;
  /** VBx responsibilities [train, K] and priors [K] (empty when VBx did not run). */
  gamma: Float64Array;
  pi: Float64Array;
  /** Whether K-means replaced the VBx clusters. */
  kmeans: boolean;
}

/** Local speakers spoken alone for >= ratio * frames of the chunk, with a valid embedding. */
export function trainingEmbeddings(embeddings: ChunkEmbeddings, seg: ChunkSegmentation, ratio: number): number[] {
  const { chunks, speakers, dim } = embeddings;
  const rows: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const clean = new Float64Array(speakers);
    for (let f = 0; f < seg.frames; f++) {
      const base = (c * seg.frames + f) * seg.speakers;
      let n = 0;
      for (let s = 0; s < seg.speakers; s++) n += seg.data[base + s];
      if (n !== 1) continue;
      for (let s = 0; s < speakers; s++) clean[s] += seg.data[base + s];
    }
    for (let s = 0; s < speakers; s++) {
      const i = c * speakers + s;
      let valid = dim > 0;
      for (let j = 0; j < dim && valid; j++) if (Number.isNaN(embeddings.data[i * dim + j])) valid = false;
      if (valid && clean[s] >= ratio * seg.frames) rows.push(i);
    }
  }
  return rows;
}

/** Mean of the rows of `x` with weights w[t] (w null = 1). */
function weightedMean(x: Matrix, weight: (t: number) => number): Float64Array {
  const out = new Float64Array(x.cols);
  let total = 0;
  for (let t = 0; t < x.rows; t++) {
    const w = weight(t);
    if (w === 0) continue;
    total += w;
    for (let j = 0; j < x.cols; j++) out[j] += w * x.data[t * x.cols + j];
  }
  for (let j = 0; j < x.cols; j++) out[j] /= total;
  return out;
}

export async function vbxCluster(
  embeddings: ChunkEmbeddings,
  seg: ChunkSegmentation,
  plda: Plda,
  bounds: SpeakerBounds,
  options: VbxClusteringOptions = {},
): Promise<VbxClusterResult> {
  const o = { ...DEFAULT_VBX_CLUSTERING, ...options };
  const { chunks, speakers, dim } = embeddings;
  const trainIndex = trainingEmbeddings(embeddings, seg, o.minActiveRatio);
  const train: Matrix = { data: new Float64Array(trainIndex.length * dim), rows: trainIndex.length, cols: dim };
  trainIndex.forEach((row, r) => train.data.set(embeddings.data.subarray(row * dim, row * dim + dim), r * dim));
  const empty = {
    trainIndex,
    features: new Float64Array(0),
    ahcLabels: new Int32Array(0),
    gamma: new Float64Array(0),
    pi: new Float64Array(0),
  };
  if (train.rows < 2) {
    return {
      ...empty,
      hardClusters: new Int32Array(chunks * speakers),
      centroids: [weightedMean(train, () => 1)],
      kmeans: false,
    };
  }

  const unit = normaliseRows(train);
  const Z = train.rows >= o.gramFromRows ? await linkageGram(unit, 'centroid') : linkage(unit, 'centroid');
  const fc = fclusterDistance(Z, train.rows, o.threshold);
  // np.unique(..., return_inverse=True) of fcluster - 1: dense labels in sorted order.
  const distinct = [...new Set(fc)].sort((a, b) => a - b);
  const dense = new Map(distinct.map((v, i) => [v, i]));
  const ahcLabels = Int32Array.from(fc, (v) => dense.get(v)!);

  const gemm = await Gemm.open();
  let features: Float64Array;
  let vbx: Awaited<ReturnType<typeof clusterVbx>>;
  try {
    features = await plda.transform(train.data, train.rows, gemm);
    vbx = await clusterVbx(ahcLabels, features, plda.phi, { Fa: o.Fa, Fb: o.Fb, maxIters: 20 }, gemm);
  } finally {
    await gemm.release();
  }
  const k = vbx.speakers;
  let centroids: Float64Array[] = [];
  for (let s = 0; s < k; s++) {
    if (vbx.pi[s] > 1e-7) centroids.push(weightedMean(train, (t) => vbx.gamma[t * k + s]));
  }

  let target = bounds.num;
  const auto = centroids.length;
  if (auto < bounds.min) target = bounds.min;
  else if (auto > bounds.max) target = bounds.max;
  let constrained = true;
  let kmeans = false;
  if (target !== undefined && target !== auto) {
    constrained = false;
    kmeans = true;
    const labels = kmeansFitPredict(unit.data, unit.rows, dim, target);
    centroids = Array.from({ length: target }, (_, c) => weightedMean(train, (t) => (labels[t] === c ? 1 : 0)));
  }

  const numClusters = centroids.length;
  const soft = new Float64Array(chunks * speakers * numClusters);
  for (let i = 0; i < chunks * speakers; i++) {
    for (let c = 0; c < numClusters; c++)
      soft[i * numClusters + c] = 2 - cosineDistance(embeddings.data, i * dim, centroids[c], dim);
  }
  const hardClusters = new Int32Array(chunks * speakers).fill(-2);
  if (!constrained) {
    for (let i = 0; i < chunks * speakers; i++) {
      // numpy argmax: the first maximum, or the first NaN.
      let best = 0;
      for (let c = 1; c < numClusters; c++) {
        const v = soft[i * numClusters + c];
        if (Number.isNaN(soft[i * numClusters + best])) break;
        if (Number.isNaN(v) || v > soft[i * numClusters + best]) best = c;
      }
      hardClusters[i] = best;
    }
  } else {
    constrainedAssignment(soft, seg, chunks, speakers, numClusters, hardClusters);
  }
  return { hardClusters, centroids, trainIndex, features, ahcLabels, gamma: vbx.gamma, pi: vbx.pi, kmeans };
}

/**
 * pyannote's constrained argmax: inactive local speakers get min(score) - 1 (NaN when any score
 * is NaN), NaN scores are replaced by the smallest non-NaN score, then each chunk solves a
 * maximising linear assignment of local speakers to clusters.
 */
function constrainedAssignment(
  soft: Float64Array,
  seg: ChunkSegmentation,
  chunks: number,
  speakers: number,
  k: number,
  out: Int32Array,
): void {
  let min = Infinity;
  let anyNaN = false;
  for (const v of soft) {
    if (Number.isNaN(v)) anyNaN = true;
    else if (v < min) min = v;
  }
  const inactiveValue = anyNaN ? NaN : min - 1;
  for (let c = 0; c < chunks; c++) {
    for (let s = 0; s < speakers; s++) {
      let on = 0;
      for (let f = 0; f < seg.frames && on === 0; f++) on += seg.data[(c * seg.frames + f) * seg.speakers + s];
      if (on === 0) soft.fill(inactiveValue, (c * speakers + s) * k, (c * speakers + s + 1) * k);
    }
  }
  let nanMin = Infinity;
  for (const v of soft) if (!Number.isNaN(v) && v < nanMin) nanMin = v;
  for (let i = 0; i < soft.length; i++) if (Number.isNaN(soft[i])) soft[i] = nanMin;
  for (let c = 0; c < chunks; c++) {
    const cost = soft.subarray(c * speakers * k, (c + 1) * speakers * k);
    const { rows, cols } = linearSumAssignment(cost, speakers, k, true);
    rows.forEach((s, i) => (out[c * speakers + s] = cols[i]));
  }
}
