/**
 * Hierarchical agglomerative clustering with the same results as scipy.cluster.hierarchy:
 * `pdist` (euclidean), `linkage` for the 'centroid' and 'median' methods (the "generic
 * clustering algorithm" of Müllner with a heap of nearest-neighbour candidates and
 * Lance-Williams distance updates, as scipy runs it for these methods, so merge order and
 * tie-breaking are scipy's) and `fcluster(..., criterion='distance')` (flat clusters numbered
 * in scipy's depth-first order). Written from the algorithm's description; no scipy code.
 */

/** Row-major matrix of float64 values: `data[r * cols + c]`. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

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

/** Condensed euclidean distances between the rows of x (scipy `pdist(x, 'euclidean')`). */
export function pdistEuclidean(x: Matrix): Float64Array {
  const { data, rows: n, cols: d } = x;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let c = 0;
      for (; c + 3 < d; c += 4) {
        const a = data[oi + c] - data[oj + c];
        const b = data[oi + c + 1] - data[oj + c + 1];
        const e = data[oi + c + 2] - data[oj + c + 2];
        const f = data[oi + c + 3] - data[oj + c + 3];
        s0 += a * a;
        s1 += b * b;
        s2 += e * e;
        s3 += f * f;
      }
      let s = s0 + s1 + (s2 + s3);
      for (; c < d; c++) {
        const a = data[oi + c] - data[oj + c];
        s += a * a;
      }
      out[k++] = Math.sqrt(s);
    }
  }
  return out;
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

/** Binary min-heap over keys 0..n-1 with changeable values (the order of operations matters for ties). */
class KeyedMinHeap {
  private readonly values: Float64Array;
  private readonly keyAt: Int32Array;
  private readonly indexOf: Int32Array;
  private size: number;

  constructor(initial: Float64Array) {
    this.size = initial.length;
    this.values = Float64Array.from(initial);
    this.keyAt = new Int32Array(this.size).map((_, i) => i);
    this.indexOf = new Int32Array(this.size).map((_, i) => i);
    for (let i = Math.floor(this.size / 2) - 1; i >= 0; i--) this.siftDown(i);
  }

  minKey(): number {
    return this.keyAt[0];
  }

  minValue(): number {
    return this.values[0];
  }

  removeMin(): void {
    this.swap(0, this.size - 1);
    this.size--;
    this.siftDown(0);
  }

  change(key: number, value: number): void {
    const index = this.indexOf[key];
    const old = this.values[index];
    this.values[index] = value;
    if (value < old) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    let parent = (index - 1) >> 1;
    while (index > 0 && this.values[parent] > this.values[index]) {
      this.swap(index, parent);
      index = parent;
      parent = (index - 1) >> 1;
    }
  }

  private siftDown(index: number): void {
    let child = 2 * index + 1;
    while (child < this.size) {
      if (child + 1 < this.size && this.values[child + 1] < this.values[child]) child++;
      if (!(this.values[index] > this.values[child])) break;
      this.swap(index, child);
      index = child;
      child = 2 * index + 1;
    }
  }

  private swap(i: number, j: number): void {
    const v = this.values[i];
    this.values[i] = this.values[j];
    this.values[j] = v;
    const ki = this.keyAt[i];
    const kj = this.keyAt[j];
    this.keyAt[i] = kj;
    this.keyAt[j] = ki;
    this.indexOf[kj] = i;
    this.indexOf[ki] = j;
  }
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
  const update = UPDATES[method];
  const D = Float64Array.from(condensed);
  const Z = new Float64Array((n - 1) * 4);
  const size = new Int32Array(n).fill(1);
  const clusterId = new Int32Array(n).map((_, i) => i);
  const neighbor = new Int32Array(n - 1);
  const minDist = new Float64Array(n - 1);
  // Row offset of x in D: condensedIndex(n, x, z) = rowStart[x] + z for z > x.
  const rowStart = new Float64Array(n).map((_, i) => n * i - (i * (i + 1)) / 2 - i - 1);
  const at = (a: number, b: number): number => (a < b ? rowStart[a] + b : rowStart[b] + a);

  const nearestAbove = (x: number): [number, number] => {
    let best = Infinity;
    let y = -1;
    const base = rowStart[x];
    for (let i = x + 1; i < n; i++) {
      if (size[i] === 0) continue;
      const d = D[base + i];
      if (d < best) {
        best = d;
        y = i;
      }
    }
    return [y, best];
  };

  for (let x = 0; x < n - 1; x++) [neighbor[x], minDist[x]] = nearestAbove(x);
  const heap = new KeyedMinHeap(minDist);

  for (let k = 0; k < n - 1; k++) {
    let x = 0;
    let y = 0;
    let dist = 0;
    for (let attempt = 0; attempt < n - k; attempt++) {
      x = heap.minKey();
      dist = heap.minValue();
      y = neighbor[x];
      if (dist === D[at(x, y)]) break;
      [y, dist] = nearestAbove(x);
      neighbor[x] = y;
      minDist[x] = dist;
      heap.change(x, dist);
    }
    heap.removeMin();

    const nx = size[x];
    const ny = size[y];
    const idA = Math.min(clusterId[x], clusterId[y]);
    const idB = Math.max(clusterId[x], clusterId[y]);
    Z[4 * k] = idA;
    Z[4 * k + 1] = idB;
    Z[4 * k + 2] = dist;
    Z[4 * k + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    clusterId[y] = n + k;

    for (let z = 0; z < n; z++) {
      const nz = size[z];
      if (nz === 0 || z === y) continue;
      const zy = at(z, y);
      D[zy] = update(D[at(z, x)], D[zy], dist, nx, ny);
    }
    for (let z = 0; z < x; z++) if (size[z] > 0 && neighbor[z] === x) neighbor[z] = y;
    for (let z = 0; z < y; z++) {
      if (size[z] === 0) continue;
      const d = D[at(z, y)];
      if (d < minDist[z]) {
        neighbor[z] = y;
        minDist[z] = d;
        heap.change(z, d);
      }
    }
    if (y < n - 1) {
      const [z, d] = nearestAbove(y);
      if (z !== -1) {
        neighbor[y] = z;
        minDist[y] = d;
        heap.change(y, d);
      }
    }
  }
  return Z;
}

/** scipy `linkage(x, method, metric='euclidean')` on observation rows. */
export function linkage(x: Matrix, method: LinkageMethod = 'centroid'): Float64Array {
  return linkageFromDistances(pdistEuclidean(x), x.rows, method);
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
