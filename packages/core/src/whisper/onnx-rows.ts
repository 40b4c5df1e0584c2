/**
 * Row operations on [rows, ...] ONNX tensors for the ONNX executor: gather (a copy), join parts
 * into one buffer, compact in place, and a one-slot pool that lets the next decoding run reuse
 * the cross-attention K/V buffers of the previous one (they are the largest host allocation of
 * a batch: tiny, 8 rows: 147 MB) instead of leaving them to the garbage collector.
 */
import { Tensor, type OrtTensor } from '../onnx/session.js';

export type FloatType = 'float32' | 'float16';
export type FloatData = Float32Array | Uint16Array;

/** Values per row of a [rows, ...] tensor. */
export function rowStride(dims: readonly number[]): number {
  let stride = 1;
  for (let i = 1; i < dims.length; i++) stride *= dims[i];
  return stride;
}

/** The whole buffer a view was cut from (its ArrayBuffer, same element type). */
export function wholeBuffer(data: FloatData): FloatData {
  return data instanceof Uint16Array ? new Uint16Array(data.buffer) : new Float32Array(data.buffer);
}

export function allocLike(data: FloatData, size: number): FloatData {
  return data instanceof Uint16Array ? new Uint16Array(size) : new Float32Array(size);
}

/** Rows `indices` of a [rows, ...] tensor as a new tensor (dtype-agnostic copy). */
export function gatherRows(t: OrtTensor, indices: readonly number[]): OrtTensor {
  const data = t.data as FloatData;
  const stride = rowStride(t.dims);
  const out = allocLike(data, indices.length * stride);
  for (let r = 0; r < indices.length; r++) {
    out.set(data.subarray(indices[r] * stride, (indices[r] + 1) * stride), r * stride);
  }
  return new Tensor(t.type as FloatType, out, [indices.length, ...t.dims.slice(1)]);
}

/** Rows `from..from+count` of a [rows, ...] tensor as a view (no copy). */
export function rowView(t: OrtTensor, from: number, count: number): OrtTensor {
  const stride = rowStride(t.dims);
  const data = (t.data as FloatData).subarray(from * stride, (from + count) * stride);
  return new Tensor(t.type as FloatType, data, [count, ...t.dims.slice(1)]);
}

/** Join [n, ...] tensors along their first dimension into a new tensor. */
export function joinRows(parts: readonly OrtTensor[]): OrtTensor {
  const first = parts[0];
  const stride = rowStride(first.dims);
  let rows = 0;
  for (const p of parts) rows += p.dims[0];
  const out = allocLike(first.data as FloatData, rows * stride);
  let offset = 0;
  for (const p of parts) {
    out.set(p.data as FloatData, offset);
    offset += p.dims[0] * stride;
  }
  return new Tensor(first.type as FloatType, out, [rows, ...first.dims.slice(1)]);
}

/**
 * Copy the [n, ...] `part` into rows `row..row+n` of a [rows, ...] tensor over `into` (a tensor
 * being filled, or a spare buffer). A new buffer is allocated when `into` is missing, too small or
 * of another element type. The result is a view of the first rows x stride values.
 */
export function placeRows(
  part: OrtTensor,
  row: number,
  rows: number,
  into: OrtTensor | FloatData | undefined,
): OrtTensor {
  const stride = rowStride(part.dims);
  const data = part.data as FloatData;
  let buffer = into === undefined ? undefined : 'dims' in into ? (into.data as FloatData) : into;
  if (!buffer || buffer.length < rows * stride || buffer.constructor !== data.constructor) {
    buffer = allocLike(data, rows * stride);
  }
  buffer.set(data, row * stride);
  return new Tensor(part.type as FloatType, buffer.subarray(0, rows * stride), [rows, ...part.dims.slice(1)]);
}

/**
 * Keep rows `indices` of `t` by moving them down inside its own buffer, when that is safe
 * (every `indices[i] >= i`, as when finished rows leave and the order is kept); null otherwise.
 */
export function compactRowsInPlace(t: OrtTensor, indices: readonly number[]): OrtTensor | null {
  for (let i = 0; i < indices.length; i++) if (indices[i] < i || indices[i] >= t.dims[0]) return null;
  const data = t.data as FloatData;
  const stride = rowStride(t.dims);
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] !== i) data.copyWithin(i * stride, indices[i] * stride, (indices[i] + 1) * stride);
  }
  return new Tensor(t.type as FloatType, data.subarray(0, indices.length * stride), [
    indices.length,
    ...t.dims.slice(1),
  ]);
}

export function floatTensor(type: FloatType, data: FloatData, dims: number[]): OrtTensor {
  return new Tensor(type, data, dims);
}

export function emptyOf(type: FloatType, size: number): FloatData {
  return type === 'float16' ? new Uint16Array(size) : new Float32Array(size);
}

export function isIdentity(indices: readonly number[], n: number): boolean {
  if (indices.length !== n) return false;
  for (let i = 0; i < n; i++) if (indices[i] !== i) return false;
  return true;
}

export function isConsecutive(indices: readonly number[]): boolean {
  for (let i = 1; i < indices.length; i++) if (indices[i] !== indices[0] + i) return false;
  return true;
}

/** One spare set of buffers (one per cache name), handed out whole and given back whole. */
export class BufferPool {
  private spare: Map<string, FloatData> | null = null;

  /** The spare set when there is one (the caller then owns it), else an empty map. */
  take(): Map<string, FloatData> {
    const out = this.spare ?? new Map<string, FloatData>();
    this.spare = null;
    return out;
  }

  /** Give a set back for the next run (the larger set is kept when there already is one). */
  give(buffers: Map<string, FloatData>): void {
    if (buffers.size === 0) return;
    if (this.spare && size(this.spare) >= size(buffers)) return;
    this.spare = buffers;
  }

  clear(): void {
    this.spare = null;
  }
}

function size(buffers: Map<string, FloatData>): number {
  let n = 0;
  for (const b of buffers.values()) n += b.length;
  return n;
}
