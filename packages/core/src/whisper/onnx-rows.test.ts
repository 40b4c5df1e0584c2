import { describe, expect, it } from 'vitest';
import { Tensor } from '../onnx/session.js';
import { BufferPool, compactRowsInPlace, gatherRows, joinRows, placeRows, rowView, wholeBuffer } from './onnx-rows.js';

/** A [rows, 2, 3] tensor whose row r holds r*100 + 0..5. */
function rowsTensor(rows: number) {
  const data = new Float32Array(rows * 6);
  for (let r = 0; r < rows; r++) for (let i = 0; i < 6; i++) data[r * 6 + i] = r * 100 + i;
  return new Tensor('float32', data, [rows, 2, 3]);
}

const firsts = (t: { data: unknown; dims: readonly number[] }) =>
  Array.from({ length: t.dims[0] }, (_, r) => (t.data as Float32Array)[r * 6]);

describe('onnx-rows', () => {
  it('gathers, views and joins rows', () => {
    const t = rowsTensor(4);
    expect(firsts(gatherRows(t, [3, 1, 1]))).toEqual([300, 100, 100]);
    expect(firsts(rowView(t, 1, 2))).toEqual([100, 200]);
    const joined = joinRows([rowView(t, 2, 2), rowView(t, 0, 1)]);
    expect(joined.dims).toEqual([3, 2, 3]);
    expect(Array.from(joined.data as Float32Array)).toEqual([
      ...Array.from((t.data as Float32Array).subarray(12, 24)),
      ...Array.from((t.data as Float32Array).subarray(0, 6)),
    ]);
  });

  it('places parts into one buffer, reusing a spare one that fits', () => {
    const t = rowsTensor(4);
    const spare = new Float32Array(8 * 6);
    let into = placeRows(rowView(t, 0, 2), 0, 4, spare);
    into = placeRows(rowView(t, 2, 2), 2, 4, into);
    expect(into.dims).toEqual([4, 2, 3]);
    expect((into.data as Float32Array).buffer).toBe(spare.buffer);
    expect(wholeBuffer(into.data as Float32Array).length).toBe(48);
    expect(Array.from(into.data as Float32Array)).toEqual(Array.from(t.data as Float32Array));
    const fresh = placeRows(rowView(t, 0, 2), 0, 4, new Float32Array(6));
    expect((fresh.data as Float32Array).length).toBe(24);
  });

  it('compacts in place when rows only leave, and refuses reorders', () => {
    const t = rowsTensor(5);
    const buffer = (t.data as Float32Array).buffer;
    const kept = compactRowsInPlace(t, [0, 2, 4])!;
    expect(firsts(kept)).toEqual([0, 200, 400]);
    expect((kept.data as Float32Array).buffer).toBe(buffer);
    expect(compactRowsInPlace(rowsTensor(3), [1, 0])).toBeNull();
    expect(compactRowsInPlace(rowsTensor(3), [0, 0])).toBeNull();
    expect(compactRowsInPlace(rowsTensor(3), [3])).toBeNull();
  });

  it('pool hands a set out once and keeps the larger set given back', () => {
    const pool = new BufferPool();
    expect(pool.take().size).toBe(0);
    const small = new Map([['a', new Float32Array(2)]]);
    const large = new Map([['a', new Float32Array(8)]]);
    pool.give(small);
    pool.give(large);
    expect(pool.take()).toBe(large);
    expect(pool.take().size).toBe(0);
  });
});
