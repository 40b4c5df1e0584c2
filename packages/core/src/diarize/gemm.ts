/**
 * a @ b^T in float64 on onnxruntime's Gemm (the shipped gram-f64.onnx of distances.ts), for the
 * few large products of PLDA and VBx; a plain JS loop when the model cannot be opened.
 */
import { createSession, releaseSession, Tensor, type OrtSession } from '../onnx/session.js';
import { gramModelPath } from './distances.js';

/** Products that share one onnxruntime session; call `release` when done. */
export class Gemm {
  private constructor(private readonly session: OrtSession | undefined) {}

  static async open(threads = 1): Promise<Gemm> {
    try {
      return new Gemm(await createSession(gramModelPath(), { threads }));
    } catch {
      return new Gemm(undefined);
    }
  }

  /** a [m, k] times b [n, k] transposed -> [m, n] (row-major). */
  async abt(a: Float64Array, m: number, b: Float64Array, n: number, k: number): Promise<Float64Array> {
    if (m === 0 || n === 0) return new Float64Array(m * n);
    if (this.session) {
      const out = await this.session.run({
        a: new Tensor('float64', a.subarray(0, m * k), [m, k]),
        b: new Tensor('float64', b.subarray(0, n * k), [n, k]),
      });
      return out.gram.data as Float64Array;
    }
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += a[i * k + c] * b[j * k + c];
        out[i * n + j] = s;
      }
    }
    return out;
  }

  async release(): Promise<void> {
    await releaseSession(this.session);
  }
}
