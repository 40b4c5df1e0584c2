/**
 * Hierarchical agglomerative clustering with the same results as scipy.cluster.hierarchy:
 * `pdist` (euclidean), `linkage` for the 'centroid' and 'median' methods (the "generic
 * clustering algorithm" of Müllner with a heap of nearest-neighbour candidates and
 * Lance-Williams distance updates, as scipy runs it for these methods, so merge order and
 * tie-breaking are scipy's) and `fcluster(..., criterion='distance')` (flat clusters numbered
 * in scipy's depth-first order). Written from the algorithm's description; no scipy code.
 */

import { condensedRowStarts, pdistEuclidean, pdistEuclideanGram, type GramDistanceOptions, type Matrix } from './distances.js';
import { KeyedMinHeap } from './keyed-heap.js';

export { pdistEuclidean, pdistEuclideanGram, type GramDistanceOptions, type Matrix };

/** Build a Matrix from an array of rows (all the same length). */
export function matrixFromRows(rows: readonly ArrayLike<number>[]): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new Error(`matrixFromRows: row ${r} has ${row.length} values, expected ${cols}`);
    for (let c = 0; c < cols; c++) data[r * cols + c] = row[c];
  });
  return { data, rows: rows.length, cols };
}

/** Index of pair (i, j), i != j, in a condensed distance vector of n points (scipy layout). */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) [i, j] = [j, i];
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Linkage methods whose distance update is implemented (the ones scipy runs with the generic algorithm). */
export type LinkageMethod = 'centroid' | 'median';

type DistanceUpdate = (dxi: number, dyi: number, dxy: number, nx: number, ny: number) => number;

const UPDATES: Record<LinkageMethod, DistanceUpdate> = {
  // Distance from cluster i to the merged cluster x∪y, from distances between centroids.
  centroid: (dxi, dyi, dxy, nx, ny) =>
    Math.sqrt((nx * dxi * dxi + ny * dyi * dyi - (nx * ny * dxy * dxy) / (nx + ny)) / (nx + ny)),
  median: (dxi, dyi, dxy) => Math.sqrt(0.5 * (dxi * dxi + dyi * dyi) - 0.25 * dxy * dxy),
};

/** Position of value v in the sorted prefix alive[0..count) (v must be there). */
function positionOf(alive: Int32Array, count: number, v: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (alive[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Linkage matrix (n-1 rows of [idA, idB, distance, size], flattened) from a condensed
 * distance vector of n points. Same merges, ids and distances as scipy `linkage(y, method)`.
 *
 * The generic algorithm: every live point x keeps its nearest live neighbour y > x (a lower
 * bound once distances change) in a heap; the smallest valid candidate merges into y's slot,
 * distances to the new cluster follow the Lance-Williams update, and only affected candidates
 * are refreshed. Live points are kept in a sorted list, so each merge costs O(live points) and
 * the rows of D are walked in index order (the same order of heap operations as a full scan).
 */
export function linkageFromDistances(
  condensed: Float64Array,
  n: number,
  method: LinkageMethod = 'centroid',
): Float64Array {
  if (n < 2) throw new Error(`linkage needs at least 2 observations (got ${n})`);
  if (condensed.length !== (n * (n - 1)) / 2)
    throw new Error('linkage: condensed distance vector has the wrong length');
  const update = UPDATES[method];
  const D = Float64Array.from(condensed);
  const Z = new Float64Array((n - 1) * 4);
  const size = new Int32Array(n).fill(1);
  const clusterId = new Int32Array(n).map((_, i) => i);
  const neighbor = new Int32Array(n - 1);
  const minDist = new Float64Array(n - 1);
  const rowStart = condensedRowStarts(n);
  const alive = new Int32Array(n).map((_, i) => i);
  let liveCount = n;

  // Nearest live point above x (first one among equal distances): sets foundY / foundDist.
  let foundY = -1;
  let foundDist = Infinity;
  const nearestAbove = (x: number): void => {
    foundY = -1;
    foundDist = Infinity;
    const base = rowStart[x];
    for (let p = positionOf(alive, liveCount, x) + 1; p < liveCount; p++) {
      const i = alive[p];
      const d = D[base + i];
      if (d < foundDist) {
        foundDist = d;
        foundY = i;
      }
    }
  };

  for (let x = 0; x < n - 1; x++) {
    nearestAbove(x);
    neighbor[x] = foundY;
    minDist[x] = foundDist;
  }
  const heap = new KeyedMinHeap(minDist);

  for (let k = 0; k < n - 1; k++) {
    let x = 0;
    let y = 0;
    let dist = 0;
    for (let attempt = 0; attempt < n - k; attempt++) {
      x = heap.minKey();
      dist = heap.minValue();
      y = neighbor[x];
      if (dist === D[rowStart[x] + y]) break;
      nearestAbove(x);
      y = foundY;
      dist = foundDist;
      neighbor[x] = y;
      minDist[x] = dist;
      heap.change(x, dist);
    }
    heap.removeMin();

    const nx = size[x];
    const ny = size[y];
    Z[4 * k] = Math.min(clusterId[x], clusterId[y]);
    Z[4 * k + 1] = Math.max(clusterId[x], clusterId[y]);
    Z[4 * k + 2] = dist;
    Z[4 * k + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    clusterId[y] = n + k;
    const px = positionOf(alive, liveCount, x);
    alive.copyWithin(px, px + 1, liveCount);
    liveCount--;

    // Live z < y: update d(z, y), hand x's role of neighbour to y, lower z's candidate if y is closer.
    const py = positionOf(alive, liveCount, y);
    const rowX = rowStart[x];
    for (let p = 0; p < py; p++) {
      const z = alive[p];
      const zy = rowStart[z] + y;
      const v = update(z < x ? D[rowStart[z] + x] : D[rowX + z], D[zy], dist, nx, ny);
      D[zy] = v;
      if (z < x && neighbor[z] === x) neighbor[z] = y;
      if (v < minDist[z]) {
        neighbor[z] = y;
        minDist[z] = v;
        heap.change(z, v);
      }
    }
    // Live z > y: update the row of y and find y's new nearest neighbour above it.
    const rowY = rowStart[y];
    foundY = -1;
    foundDist = Infinity;
    for (let p = py + 1; p < liveCount; p++) {
      const z = alive[p];
      const v = update(D[rowX + z], D[rowY + z], dist, nx, ny);
      D[rowY + z] = v;
      if (v < foundDist) {
        foundDist = v;
        foundY = z;
      }
    }
    if (foundY !== -1) {
      neighbor[y] = foundY;
      minDist[y] = foundDist;
      heap.change(y, foundDist);
    }
  }
  return Z;
}

/** scipy `linkage(x, method, metric='euclidean')` on observation rows (exact distance kernel). */
export function linkage(x: Matrix, method: LinkageMethod = 'centroid'): Float64Array {
  return linkageFromDistances(pdistEuclidean(x), x.rows, method);
}

/** {@link linkage} with the Gram-matrix distance kernel (onnxruntime; for thousands of rows). */
export async function linkageGram(
  x: Matrix,
  method: LinkageMethod = 'centroid',
  options: GramDistanceOptions = {},
): Promise<Float64Array> {
  return linkageFromDistances(await pdistEuclideanGram(x, options), x.rows, method);
}

/**
 * Flat clusters (1-based labels, scipy numbering) such that every cluster's merges have a
 * distance <= t, i.e. scipy `fcluster(Z, t, criterion='distance')`. Handles non-monotonic
 * dendrograms (centroid inversions) the way scipy does: a node qualifies when the largest
 * distance in its subtree is <= t.
 */
export function fclusterDistance(Z: Float64Array, n: number, t: number): Int32Array {
  const labels = new Int32Array(n);
  if (n === 1) {
    labels[0] = 1;
    return labels;
  }
  const maxDist = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    let m = Z[4 * k + 2];
    const a = Z[4 * k];
    const b = Z[4 * k + 1];
    if (a >= n && maxDist[a - n] > m) m = maxDist[a - n];
    if (b >= n && maxDist[b - n] > m) m = maxDist[b - n];
    maxDist[k] = m;
  }
  return labelByCriterion(Z, n, (node) => maxDist[node] <= t, labels);
}

/** Depth-first walk from the root (left subtree, right subtree, then leaf children) numbering clusters. */
function labelByCriterion(
  Z: Float64Array,
  n: number,
  formsCluster: (node: number) => boolean,
  labels: Int32Array,
): Int32Array {
  const stack = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  let top = 0;
  stack[0] = 2 * n - 2;
  let leader = -1;
  let count = 0;
  while (top >= 0) {
    const root = stack[top] - n;
    const left = Z[4 * root];
    const right = Z[4 * root + 1];
    if (leader === -1 && formsCluster(root)) {
      leader = root;
      count++;
    }
    if (left >= n && !visited[left]) {
      visited[left] = 1;
      stack[++top] = left;
      continue;
    }
    if (right >= n && !visited[right]) {
      visited[right] = 1;
      stack[++top] = right;
      continue;
    }
    if (left < n) {
      if (leader === -1) count++;
      labels[left] = count;
    }
    if (right < n) {
      if (leader === -1) count++;
      labels[right] = count;
    }
    if (leader === root) leader = -1;
    top--;
  }
  return labels;
}

/**
 * Flat clusters after the first `mergeCount` merges of Z (scipy `fcluster` on a copy of Z whose
 * distance column is replaced by the merge index, cut at `mergeCount - 1`).
 */
export function fclusterByMergeCount(Z: Float64Array, n: number, mergeCount: number): Int32Array {
  const labels = new Int32Array(n);
  if (n === 1) {
    labels[0] = 1;
    return labels;
  }
  return labelByCriterion(Z, n, (node) => node < mergeCount, labels);
}
