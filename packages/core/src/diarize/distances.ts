/**
 * Euclidean distances between the rows of a matrix, as a condensed vector (scipy
 * `pdist(x, 'euclidean')` layout) or a full symmetric n x n matrix (what linkage works on): an
 * exact difference-based kernel in plain JS, and a fast one from the Gram matrix.
 *
 * The fast kernel computes G = X X^T with onnxruntime's float64 Gemm (a tiny shipped model,
 * assets/diarize/gram-f64.onnx; ~10x faster than JS for 5k x 256), one block of rows at a time
 * against the rows at or after it (the upper triangle only; the temporary block holds
 * blockRows x n doubles), then d(i, j) = sqrt(|xi|^2 + |xj|^2 - 2 G[i, j]). That formula loses
 * relative precision when d is small next to the norms, so pairs with
 * d^2 < refineBelow * (|xi|^2 + |xj|^2) are recomputed from differences: every distance then
 * stays within ~1e-11 relative of the exact one (duplicates give exactly 0).
 */
import { fileURLToPath } from 'node:url';
import { createSession, releaseSession, Tensor, type OrtSession } from '../onnx/session.js';

/** Row-major matrix of float64 values: `data[r * cols + c]`. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Options of {@link pdistEuclideanGram}. */
export interface GramDistanceOptions {
  /** Rows per onnxruntime run; the temporary Gram block holds blockRows x n doubles. Default 512. */
  blockRows?: number;
  /** onnxruntime intra-op threads. Default 1 (more only pay off on an otherwise idle machine). */
  threads?: number;
  /**
   * Pairs whose squared distance is below this fraction of |xi|^2 + |xj|^2 are recomputed from
   * differences (the Gram formula cancels there). Default 1e-3.
   */
  refineBelow?: number;
}

/** The shipped Gram model: gram = a @ b.T, float64. */
export function gramModelPath(): string {
  return fileURLToPath(new URL('../../assets/diarize/gram-f64.onnx', import.meta.url));
}

/** Offsets such that the condensed index of (i, j), i < j, is rowStart[i] + j (int32: n up to ~65k). */
export function condensedRowStarts(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = n * i - (i * (i + 1)) / 2 - i - 1;
  return out;
}

/** Squared euclidean distance between rows i and j of data (difference form, 4 partial sums). */
function squaredDistance(data: Float64Array, oi: number, oj: number, d: number): number {
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
  return s;
}

/** Condensed euclidean distances between the rows of x (scipy `pdist(x, 'euclidean')`), difference form. */
export function pdistEuclidean(x: Matrix): Float64Array {
  const { data, rows: n, cols: d } = x;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) out[k++] = Math.sqrt(squaredDistance(data, i * d, j * d, d));
  }
  return out;
}

/**
 * Same distances as {@link pdistEuclidean} (within ~1e-11 relative), from a Gram matrix computed
 * by onnxruntime. Falls back to the exact kernel when the Gram model cannot run here.
 */
export async function pdistEuclideanGram(x: Matrix, options: GramDistanceOptions = {}): Promise<Float64Array> {
  const n = x.rows;
  const square = await squareDistancesGram(x, options);
  const out = new Float64Array((n * (n - 1)) / 2);
  const rowStart = condensedRowStarts(n);
  for (let i = 0; i < n - 1; i++) out.set(square.subarray(i * n + i + 1, (i + 1) * n), rowStart[i] + i + 1);
  return out;
}

/** Full symmetric n x n matrix (zero diagonal) of a condensed distance vector, filled in tiles. */
export function squareFromCondensed(condensed: Float64Array, n: number): Float64Array {
  const square = new Float64Array(n * n);
  const rowStart = condensedRowStarts(n);
  for (let i = 0; i < n - 1; i++) square.set(condensed.subarray(rowStart[i] + i + 1, rowStart[i] + n), i * n + i + 1);
  mirrorUpperTriangle(square, n, 0, n);
  return square;
}

/** Copy rows [r0, r1) of the upper triangle into the lower one, in cache-sized tiles. */
function mirrorUpperTriangle(square: Float64Array, n: number, r0: number, r1: number): void {
  const tile = 64;
  for (let i0 = r0; i0 < r1; i0 += tile) {
    const i1 = Math.min(r1, i0 + tile);
    for (let j0 = i0; j0 < n; j0 += tile) {
      const j1 = Math.min(n, j0 + tile);
      for (let j = Math.max(j0, i0 + 1); j < j1; j++) {
        const iEnd = Math.min(i1, j);
        for (let i = i0, o = j * n + i0; i < iEnd; i++, o++) square[o] = square[i * n + j];
      }
    }
  }
}

/**
 * All pairwise distances as a full symmetric n x n matrix (zero diagonal; n^2 doubles, the layout
 * the linkage loop reads row by row), from Gram blocks. Exact kernel as fallback.
 */
export async function squareDistancesGram(x: Matrix, options: GramDistanceOptions = {}): Promise<Float64Array> {
  const { data, rows: n, cols: d } = x;
  let session: OrtSession | undefined;
  if (n >= 2 && d > 0) {
    try {
      session = await createSession(gramModelPath(), { threads: options.threads ?? 1 });
    } catch {
      session = undefined;
    }
  }
  if (!session) return squareFromCondensed(pdistEuclidean(x), n);
  try {
    const blockRows = Math.max(1, options.blockRows ?? 512);
    const refineBelow = options.refineBelow ?? 1e-3;
    const norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = i * d; c < (i + 1) * d; c++) s += data[c] * data[c];
      norms[i] = s;
    }
    const square = new Float64Array(n * n);
    for (let r0 = 0; r0 < n - 1; r0 += blockRows) {
      const r1 = Math.min(n - 1, r0 + blockRows);
      const a = new Tensor('float64', data.subarray(r0 * d, r1 * d), [r1 - r0, d]);
      const b = new Tensor('float64', data.subarray(r0 * d), [n - r0, d]);
      const gram = (await session.run({ a, b })).gram.data as Float64Array;
      const width = n - r0;
      for (let i = r0; i < r1; i++) {
        const g = (i - r0) * width - r0;
        const o = i * n;
        const ni = norms[i];
        for (let j = i + 1; j < n; j++) {
          const sum = ni + norms[j];
          const sq = sum - 2 * gram[g + j];
          square[o + j] = sq >= refineBelow * sum ? Math.sqrt(sq) : Math.sqrt(squaredDistance(data, i * d, j * d, d));
        }
      }
      mirrorUpperTriangle(square, n, r0, r1);
    }
    return square;
  } finally {
    await releaseSession(session);
  }
}
