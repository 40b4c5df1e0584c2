/**
 * Hierarchical agglomerative clustering with the same results as scipy.cluster.hierarchy:
 * `pdist` (euclidean), `linkage` for the 'centroid' and 'median' methods (the "generic
 * clustering algorithm" of Müllner with a heap of nearest-neighbour candidates and
 * Lance-Williams distance updates, as scipy runs it for these methods, so merge order and
 * tie-breaking are scipy's) and `fcluster(..., criterion='distance')` (flat clusters numbered
 * in scipy's depth-first order). Written from the algorithm's description; no scipy code.
 */

import {
  pdistEuclidean,
  pdistEuclideanGram,
  squareDistancesGram,
  squareFromCondensed,
  type GramDistanceOptions,
  type Matrix,
} from './distances.js';
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

/**
 * Lance-Williams update: distance from cluster i to the merged cluster x∪y, from d(x, i), d(y, i)
 * and `term`, the part that only depends on the merge ({@link mergeTerm}); the operations are
 * scipy's, in its order:
 *   centroid: sqrt((nx d(x,i)^2 + ny d(y,i)^2 - nx ny d(x,y)^2 / (nx + ny)) / (nx + ny))
 *   median:   sqrt(0.5 (d(x,i)^2 + d(y,i)^2) - 0.25 d(x,y)^2)
 */
function updatedDistance(centroid: boolean, dxi: number, dyi: number, nx: number, ny: number, term: number): number {
  return centroid
    ? Math.sqrt((nx * dxi * dxi + ny * dyi * dyi - term) / (nx + ny))
    : Math.sqrt(0.5 * (dxi * dxi + dyi * dyi) - term);
}

function mergeTerm(centroid: boolean, dxy: number, nx: number, ny: number): number {
  return centroid ? (nx * ny * dxy * dxy) / (nx + ny) : 0.25 * dxy * dxy;
}

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
 */
export function linkageFromDistances(
  condensed: Float64Array,
  n: number,
  method: LinkageMethod = 'centroid',
): Float64Array {
  if (n < 2) throw new Error(`linkage needs at least 2 observations (got ${n})`);
  if (condensed.length !== (n * (n - 1)) / 2)
    throw new Error('linkage: condensed distance vector has the wrong length');
  return linkageFromSquare(squareFromCondensed(condensed, n), n, method);
}

/**
 * {@link linkageFromDistances} on a full symmetric n x n distance matrix, which it overwrites.
 *
 * The generic algorithm (as scipy runs it for centroid/median): every live point x keeps its
 * nearest live neighbour y > x (first among equals; a lower bound once distances change) in a
 * heap; the smallest valid candidate merges into y's slot, distances to the new cluster follow
 * the Lance-Williams update, and only the affected candidates are refreshed. Live points are kept
 * in a sorted list and rows are read contiguously, so a merge costs O(live points) of streaming
 * work; heap operations happen in the same order as with a full scan, so ties resolve as in scipy.
 */
export function linkageFromSquare(M: Float64Array, n: number, method: LinkageMethod = 'centroid'): Float64Array {
  if (n < 2) throw new Error(`linkage needs at least 2 observations (got ${n})`);
  if (M.length !== n * n) throw new Error('linkage: square distance matrix has the wrong size');
  const centroid = method === 'centroid';
  const Z = new Float64Array((n - 1) * 4);
  const size = new Int32Array(n).fill(1);
  const clusterId = new Int32Array(n).map((_, i) => i);
  const neighbor = new Int32Array(n - 1);
  const minDist = new Float64Array(n - 1);
  const alive = new Int32Array(n).map((_, i) => i);
  let liveCount = n;

  let foundY = -1;
  let foundDist = Infinity;
  const nearestAbove = (x: number): void => {
    foundY = -1;
    foundDist = Infinity;
    const base = x * n;
    for (let p = positionOf(alive, liveCount, x) + 1; p < liveCount; p++) {
      const i = alive[p];
      const d = M[base + i];
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
    // Pop candidates until one is current (its stored distance is still the pair's distance).
    for (let attempt = 0; attempt < n - k; attempt++) {
      x = heap.minKey();
      dist = heap.minValue();
      y = neighbor[x];
      if (dist === M[x * n + y]) break;
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

    // Live z < y: new d(z, y); x's candidates move to y; y becomes z's candidate when closer.
    const py = positionOf(alive, liveCount, y);
    const rowX = x * n;
    const rowY = y * n;
    const term = mergeTerm(centroid, dist, nx, ny);
    for (let p = 0; p < py; p++) {
      const z = alive[p];
      const v = updatedDistance(centroid, M[rowX + z], M[rowY + z], nx, ny, term);
      M[rowY + z] = v;
      M[z * n + y] = v;
      if (z < x && neighbor[z] === x) neighbor[z] = y;
      if (v < minDist[z]) {
        neighbor[z] = y;
        minDist[z] = v;
        heap.change(z, v);
      }
    }
    // Live z > y: new d(y, z), and y's nearest live neighbour above it.
    foundY = -1;
    foundDist = Infinity;
    for (let p = py + 1; p < liveCount; p++) {
      const z = alive[p];
      const v = updatedDistance(centroid, M[rowX + z], M[rowY + z], nx, ny, term);
      M[rowY + z] = v;
      M[z * n + y] = v;
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
  if (x.rows < 2) throw new Error(`linkage needs at least 2 observations (got ${x.rows})`);
  return linkageFromSquare(await squareDistancesGram(x, options), x.rows, method);
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
