/**
 * Speaker clustering as pyannote speaker-diarization-3.1 does it (AgglomerativeClustering):
 * centroid linkage on L2-normalised embeddings, a distance threshold, then a search of the
 * dendrogram when the number of large clusters breaks the speaker-count constraints, then
 * small clusters folded into the nearest large one, and finally every (chunk, local speaker)
 * embedding assigned to the closest cluster centroid (cosine).
 */
import { WhisperxError } from '../errors.js';
import { fclusterByMergeCount, fclusterDistance, linkage, linkageGram, type Matrix } from './linkage.js';

/** Clustering hyper-parameters (defaults: pyannote/speaker-diarization-3.1's config.yaml). */
export interface ClusteringOptions {
  /** Linkage distance threshold on unit-normalised embeddings. Default 0.7045654963945799. */
  threshold?: number;
  /** Clusters with fewer members are "small" and get merged into the nearest large one. Default 12. */
  minClusterSize?: number;
  /**
   * Pairwise distance kernel: 'exact' (differences, plain JS), 'gram' (float64 Gram matrix on
   * onnxruntime, exact differences where it would cancel; ~10x faster for thousands of rows),
   * 'auto' = gram from 256 rows up. Default 'auto'.
   */
  distanceKernel?: 'auto' | 'gram' | 'exact';
  /** onnxruntime intra-op threads of the Gram kernel. Default 1. */
  threads?: number;
}

/** Speaker-count constraints (as WhisperX / pyannote accept them). */
export interface SpeakerCountOptions {
  /** Exact number of speakers (overrides min/max). */
  numSpeakers?: number;
  /** Lower bound. Default 1. */
  minSpeakers?: number;
  /** Upper bound. Default unbounded. */
  maxSpeakers?: number;
}

export const DEFAULT_CLUSTERING: Required<ClusteringOptions> = {
  threshold: 0.7045654963945799,
  minClusterSize: 12,
  distanceKernel: 'auto',
  threads: 1,
};

/** Row count from which distanceKernel 'auto' uses the Gram kernel. */
const GRAM_KERNEL_MIN_ROWS = 256;

/** Resolved bounds: `num` set when min == max (pyannote `set_num_speakers` / `set_num_clusters`). */
export interface SpeakerBounds {
  num: number | undefined;
  min: number;
  max: number;
}

/** pyannote `set_num_speakers`: numSpeakers overrides the bounds; min defaults to 1, max to Infinity. */
export function resolveSpeakerBounds(options: SpeakerCountOptions): SpeakerBounds {
  for (const key of ['numSpeakers', 'minSpeakers', 'maxSpeakers'] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new WhisperxError('usage', `${key}=${v}: must be a positive integer.`);
    }
  }
  const min = options.numSpeakers ?? options.minSpeakers ?? 1;
  const max = options.numSpeakers ?? options.maxSpeakers ?? Infinity;
  if (min > max) {
    throw new WhisperxError(
      'usage',
      `minSpeakers=${min} is larger than maxSpeakers=${max}: lower minSpeakers or raise maxSpeakers.`,
    );
  }
  return { num: min === max ? min : options.numSpeakers, min, max };
}

/** pyannote `set_num_clusters`: clamp the bounds to the number of embeddings. */
function clusterBounds(numEmbeddings: number, bounds: SpeakerBounds): SpeakerBounds {
  const min = Math.max(1, Math.min(numEmbeddings, bounds.num ?? bounds.min));
  const max = Math.max(1, Math.min(numEmbeddings, bounds.num ?? bounds.max));
  return { num: min === max ? min : bounds.num, min, max };
}

/** Sorted distinct labels and how many of each (numpy `unique(..., return_counts=True)`). */
function uniqueCounts(labels: ArrayLike<number>): { values: number[]; counts: number[] } {
  const map = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) map.set(labels[i], (map.get(labels[i]) ?? 0) + 1);
  const values = [...map.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((v) => map.get(v)!) };
}

/** Each row scaled to unit length (a copy). */
export function normaliseRows(x: Matrix): Matrix {
  const data = Float64Array.from(x.data);
  for (let r = 0; r < x.rows; r++) {
    let s = 0;
    for (let c = 0; c < x.cols; c++) s += data[r * x.cols + c] ** 2;
    const norm = Math.sqrt(s);
    for (let c = 0; c < x.cols; c++) data[r * x.cols + c] /= norm;
  }
  return { data, rows: x.rows, cols: x.cols };
}

/** Mean row of each label 0..count-1 (one pass over x). */
function meansByLabel(x: Matrix, labels: ArrayLike<number>, count: number): Float64Array[] {
  const sums = Array.from({ length: count }, () => new Float64Array(x.cols));
  const sizes = new Float64Array(count);
  for (let r = 0; r < x.rows; r++) {
    const k = labels[r];
    if (k < 0 || k >= count) continue;
    sizes[k]++;
    const row = sums[k];
    for (let c = 0; c < x.cols; c++) row[c] += x.data[r * x.cols + c];
  }
  sums.forEach((row, k) => row.forEach((v, c) => (row[c] = v / sizes[k])));
  return sums;
}

/** scipy cosine distance 1 - u.v / (|u| |v|). */
export function cosineDistance(u: ArrayLike<number>, uOffset: number, v: ArrayLike<number>, dim: number): number {
  let dot = 0;
  let nu = 0;
  let nv = 0;
  for (let c = 0; c < dim; c++) {
    const a = u[uOffset + c];
    const b = v[c];
    dot += a * b;
    nu += a * a;
    nv += b * b;
  }
  return 1 - dot / Math.sqrt(nu * nv);
}

function largeClusterCount(labels: Int32Array, minClusterSize: number): number {
  return uniqueCounts(labels).counts.filter((c) => c >= minClusterSize).length;
}

/**
 * Cluster embeddings (rows of x, not necessarily normalised) into labels 0..K-1, as pyannote's
 * `AgglomerativeClustering.cluster` (centroid method, cosine metric).
 */
export async function agglomerativeCluster(
  x: Matrix,
  bounds: SpeakerBounds,
  options: ClusteringOptions = {},
): Promise<Int32Array> {
  const { threshold, minClusterSize: minSizeOption, distanceKernel, threads } = { ...DEFAULT_CLUSTERING, ...options };
  const n = x.rows;
  const minClusterSize = Math.min(minSizeOption, Math.max(1, roundHalfEven(0.1 * n)));
  if (n === 1) return new Int32Array(1);
  const unit = normaliseRows(x);
  const useGram = distanceKernel === 'gram' || (distanceKernel === 'auto' && n >= GRAM_KERNEL_MIN_ROWS);
  const Z = useGram ? await linkageGram(unit, 'centroid', { threads }) : linkage(unit, 'centroid');
  let clusters = fclusterDistance(Z, n, threshold).map((l) => l - 1);
  let numLarge = largeClusterCount(clusters, minClusterSize);
  let target = bounds.num;
  if (numLarge < bounds.min) target = bounds.min;
  else if (numLarge > bounds.max) target = bounds.max;

  if (target !== undefined) {
    // Walk merge indices ordered by how far their distance is from the threshold.
    const order = Array.from({ length: n - 1 }, (_, i) => i).sort(
      (a, b) => Math.abs(Z[4 * a + 2] - threshold) - Math.abs(Z[4 * b + 2] - threshold) || a - b,
    );
    let bestIteration = n - 1;
    let bestNumLarge = 1;
    for (const iteration of order) {
      if (Z[4 * iteration + 3] < minClusterSize) continue;
      clusters = fclusterByMergeCount(Z, n, iteration + 1).map((l) => l - 1);
      numLarge = largeClusterCount(clusters, minClusterSize);
      if (Math.abs(numLarge - target) < Math.abs(bestNumLarge - target)) {
        bestIteration = iteration;
        bestNumLarge = numLarge;
      }
      if (numLarge === target) break;
    }
    if (bestNumLarge !== target) {
      clusters = fclusterByMergeCount(Z, n, bestIteration + 1).map((l) => l - 1);
      numLarge = largeClusterCount(clusters, minClusterSize);
    }
  }

  const { values, counts } = uniqueCounts(clusters);
  if (numLarge === 0) return new Int32Array(n);
  const large = values.filter((_, i) => counts[i] >= minClusterSize);
  const small = values.filter((_, i) => counts[i] < minClusterSize);
  if (small.length === 0) return clusters;
  const maxLabel = values[values.length - 1];
  const centroids = meansByLabel(unit, clusters, maxLabel + 1);
  const largeCentroids = large.map((k) => centroids[k]);
  const remap = new Map<number, number>();
  for (const k of small) {
    const centroid = centroids[k];
    let best = 0;
    let bestDist = Infinity;
    largeCentroids.forEach((lc, i) => {
      const d = cosineDistance(lc, 0, centroid, x.cols);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    });
    remap.set(k, large[best]);
  }
  const merged = clusters.map((k) => remap.get(k) ?? k);
  const dense = new Map(uniqueCounts(merged).values.map((k, i) => [k, i]));
  return merged.map((k) => dense.get(k)!);
}

/** numpy `round` (half to even). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Embeddings of every (chunk, local speaker): data[(c * speakers + s) * dim + d]; NaN rows = no embedding. */
export interface ChunkEmbeddings {
  data: Float64Array;
  chunks: number;
  speakers: number;
  dim: number;
}

export interface ClusterAssignment {
  /** Cluster index for each (chunk, local speaker), chunk-major; -2 for inactive speakers. */
  hardClusters: Int32Array;
  /** One centroid per cluster (mean of the clustered raw embeddings), rows of length dim. */
  centroids: Float64Array[];
}

/**
 * pyannote `BaseClustering.__call__` + `assign_embeddings`: cluster the active, valid embeddings,
 * then give every (chunk, speaker) the closest centroid. `active[c * speakers + s]` tells whether
 * the local speaker has any activity in the chunk; inactive ones get -2.
 */
export async function clusterChunkEmbeddings(
  embeddings: ChunkEmbeddings,
  active: Uint8Array,
  count: SpeakerCountOptions,
  options: ClusteringOptions = {},
): Promise<ClusterAssignment> {
  const { data, chunks, speakers, dim } = embeddings;
  const rows: number[] = [];
  for (let i = 0; i < chunks * speakers; i++) {
    if (active[i] && !Number.isNaN(data[i * dim])) rows.push(i);
  }
  const hardClusters = new Int32Array(chunks * speakers);
  if (rows.length === 0) {
    active.forEach((a, i) => (hardClusters[i] = a ? 0 : -2));
    return { hardClusters, centroids: [] };
  }
  const train: Matrix = { data: new Float64Array(rows.length * dim), rows: rows.length, cols: dim };
  rows.forEach((row, r) => train.data.set(data.subarray(row * dim, row * dim + dim), r * dim));
  const bounds = clusterBounds(rows.length, resolveSpeakerBounds(count));
  const labels = bounds.max < 2 ? new Int32Array(rows.length) : await agglomerativeCluster(train, bounds, options);
  const numClusters = Math.max(...labels) + 1;
  const centroids = meansByLabel(train, labels, numClusters);
  for (let i = 0; i < chunks * speakers; i++) {
    if (!active[i]) {
      hardClusters[i] = -2;
      continue;
    }
    // numpy argmax over NaN scores returns 0: an active speaker without embedding joins cluster 0.
    let best = 0;
    let bestDist = Infinity;
    if (!Number.isNaN(data[i * dim]) && bounds.max >= 2) {
      for (let k = 0; k < numClusters; k++) {
        const d = cosineDistance(data, i * dim, centroids[k], dim);
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
    }
    hardClusters[i] = best;
  }
  return { hardClusters, centroids };
}
