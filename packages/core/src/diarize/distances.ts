/**
 * Condensed euclidean distance vectors (scipy `pdist(x, 'euclidean')` layout) of the rows of a
 * matrix: an exact difference-based kernel, and a fast one from the Gram matrix.
 *
 * The fast kernel computes G = X X^T with onnxruntime's float64 Gemm (a tiny shipped model,
 * assets/diarize/gram-f64.onnx), one block of rows at a time against the rows at or after it
 * (the upper triangle only, so the temporary block is blockRows x n doubles), then
 * d(i, j) = sqrt(|xi|^2 + |xj|^2 - 2 G[i, j]). That formula loses relative precision when d is
 * small next to the norms, so pairs with d^2 < refineBelow * (|xi|^2 + |xj|^2) are recomputed from
 * differences: every distance then stays within ~1e-11 relative of the exact one.
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
  const { rows: n, cols: d } = x;
  if (n < 2 || d === 0) return pdistEuclidean(x);
  let session: OrtSession;
  try {
    session = await createSession(gramModelPath(), { threads: options.threads ?? 1 });
  } catch {
    return pdistEuclidean(x);
  }
  try {
    return await gramDistances(session, x, options);
  } finally {
    await releaseSession(session);
  }
}

async function gramDistances(session: OrtSession, x: Matrix, options: GramDistanceOptions): Promise<Float64Array> {
  const { data, rows: n, cols: d } = x;
  const blockRows = Math.max(1, options.blockRows ?? 512);
  const refineBelow = options.refineBelow ?? 1e-3;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = i * d; c < (i + 1) * d; c++) s += data[c] * data[c];
    norms[i] = s;
  }
  const rowStart = condensedRowStarts(n);
  const out = new Float64Array((n * (n - 1)) / 2);
  for (let r0 = 0; r0 < n - 1; r0 += blockRows) {
    const r1 = Math.min(n - 1, r0 + blockRows);
    const a = new Tensor('float64', data.slice(r0 * d, r1 * d), [r1 - r0, d]);
    const b = new Tensor('float64', r0 === 0 ? data : data.slice(r0 * d), [n - r0, d]);
    const result = await session.run({ a, b });
    const gram = result.gram.data as Float64Array;
    const width = n - r0;
    for (let i = r0; i < r1; i++) {
      const g = (i - r0) * width - r0;
      const ni = norms[i];
      const base = rowStart[i];
      for (let j = i + 1; j < n; j++) {
        const sum = ni + norms[j];
        const sq = sum - 2 * gram[g + j];
        out[base + j] = sq >= refineBelow * sum ? Math.sqrt(sq) : Math.sqrt(squaredDistance(data, i * d, j * d, d));
      }
    }
  }
  return out;
}
