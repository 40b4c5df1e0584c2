/**
 * K-means as scikit-learn's `KMeans(n_clusters, n_init, random_state)` fits dense float64 data
 * (the re-clustering pyannote 4's VBxClustering falls back to when the speaker count it found is
 * outside the requested bounds): data centred on its mean, k-means++ seeding with
 * 2 + floor(ln k) local trials drawn from numpy's seeded stream, Lloyd iterations until the
 * labels stop changing or the squared centre shift is within tol * mean feature variance, then
 * the run with the lowest inertia (a later run wins only when strictly lower and not the same
 * partition).
 */
import { Mt19937 } from './mt19937.js';

export interface KMeansOptions {
  nInit?: number;
  randomState?: number;
  maxIter?: number;
  tol?: number;
}

/** Labels 0..k-1 for the rows of x [n, d]. */
export function kmeansFitPredict(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  options: KMeansOptions = {},
): Int32Array {
  const nInit = options.nInit ?? 3;
  const rng = new Mt19937(options.randomState ?? 42);
  const maxIter = options.maxIter ?? 300;
  const data = Float64Array.from(x);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] -= mean[j];
  let variance = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * d + j] ** 2;
    variance += s / n;
  }
  const tol = (variance / d) * (options.tol ?? 1e-4);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) norms[i] += data[i * d + j] ** 2;

  let bestInertia = Infinity;
  let bestLabels: Int32Array | undefined;
  for (let run = 0; run < nInit; run++) {
    const centers = kmeansPlusPlus(data, norms, n, d, k, rng);
    const { labels, inertia } = lloyd(data, n, d, k, centers, maxIter, tol);
    if (bestLabels === undefined || (inertia < bestInertia && !sameClustering(labels, bestLabels, k))) {
      bestInertia = inertia;
      bestLabels = labels;
    }
  }
  return bestLabels!;
}

function squaredDistances(data: Float64Array, norms: Float64Array, n: number, d: number, row: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += data[row * d + j] * data[i * d + j];
    out[i] = Math.max(0, -2 * dot + norms[row] + norms[i]);
  }
  return out;
}

/** numpy searchsorted, side 'left'. */
function searchSorted(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function kmeansPlusPlus(
  data: Float64Array,
  norms: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Mt19937,
): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  // random_state.choice(n, p=uniform): cdf searched on the right side.
  const cdf = new Float64Array(n);
  let run = 0;
  for (let i = 0; i < n; i++) cdf[i] = run += 1 / n;
  const u = rng.randomSample();
  let first = 0;
  while (first < n - 1 && cdf[first] / cdf[n - 1] <= u) first++;
  centers.set(data.subarray(first * d, first * d + d), 0);
  let closest = squaredDistances(data, norms, n, d, first);
  let pot = closest.reduce((a, b) => a + b, 0);
  for (let c = 1; c < k; c++) {
    const cumsum = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) cumsum[i] = acc += closest[i];
    const candidates: number[] = [];
    for (let t = 0; t < trials; t++) candidates.push(Math.min(n - 1, searchSorted(cumsum, rng.randomSample() * pot)));
    let bestPot = Infinity;
    let best = -1;
    let bestDist = closest;
    for (const id of candidates) {
      const dist = squaredDistances(data, norms, n, d, id);
      let p = 0;
      for (let i = 0; i < n; i++) {
        dist[i] = Math.min(closest[i], dist[i]);
        p += dist[i];
      }
      if (p < bestPot) {
        bestPot = p;
        best = id;
        bestDist = dist;
      }
    }
    pot = bestPot;
    closest = bestDist;
    centers.set(data.subarray(best * d, best * d + d), c * d);
  }
  return centers;
}

function assign(data: Float64Array, n: number, d: number, k: number, centers: Float64Array, labels: Int32Array): void {
  const cnorm = new Float64Array(k);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) cnorm[c] += centers[c * d + j] ** 2;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = Infinity;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += data[i * d + j] * centers[c * d + j];
      const v = cnorm[c] - 2 * dot;
      if (v < bestValue) {
        bestValue = v;
        best = c;
      }
    }
    labels[i] = best;
  }
}

function lloyd(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  init: Float64Array,
  maxIter: number,
  tol: number,
): { labels: Int32Array; inertia: number } {
  let centers = Float64Array.from(init);
  const labels = new Int32Array(n).fill(-1);
  const old = new Int32Array(n).fill(-1);
  let strict = false;
  for (let iter = 0; iter < maxIter; iter++) {
    assign(data, n, d, k, centers, labels);
    const next = new Float64Array(k * d);
    const weight = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      weight[labels[i]]++;
      for (let j = 0; j < d; j++) next[labels[i] * d + j] += data[i * d + j];
    }
    relocateEmpty(data, n, d, k, centers, next, weight, labels);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        if (weight[c] > 0) next[c * d + j] /= weight[c];
        s += (next[c * d + j] - centers[c * d + j]) ** 2;
      }
      shift += s;
    }
    centers = next;
    if (labels.every((l, i) => l === old[i])) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
    old.set(labels);
  }
  if (!strict) assign(data, n, d, k, centers, labels);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) inertia += (data[i * d + j] - centers[labels[i] * d + j]) ** 2;
  }
  return { labels, inertia };
}

/** scikit-learn's relocation of empty clusters onto the points farthest from their centre. */
function relocateEmpty(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  centers: Float64Array,
  next: Float64Array,
  weight: Float64Array,
  labels: Int32Array,
): void {
  const empty = [...weight.keys()].filter((c) => weight[c] === 0);
  if (empty.length === 0) return;
  const dist = Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j] - centers[labels[i] * d + j]) ** 2;
    return s;
  });
  const far = [...dist.keys()].sort((a, b) => dist[b] - dist[a]).slice(0, empty.length);
  empty.forEach((cluster, idx) => {
    const point = far[idx];
    const from = labels[point];
    for (let j = 0; j < d; j++) {
      next[from * d + j] -= data[point * d + j];
      next[cluster * d + j] = data[point * d + j];
    }
    weight[cluster] = 1;
    weight[from] -= 1;
  });
}

function sameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    if (mapping[a[i]] === -1) mapping[a[i]] = b[i];
    else if (mapping[a[i]] !== b[i]) return false;
  }
  return true;
}
