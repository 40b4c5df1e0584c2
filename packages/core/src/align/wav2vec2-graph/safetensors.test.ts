import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { halfToFloat, openSafetensors } from './safetensors.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'st-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, header: object, data: Buffer): string {
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  const p = path.join(tmp, name);
  writeFileSync(p, Buffer.concat([len, json, data]));
  return p;
}

describe('safetensors reader', () => {
  it('converts IEEE halves', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325, 5);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
  });

  it('reads F32, F16 and BF16 tensors as float32', () => {
    const f32 = Buffer.from(new Float32Array([1.5, -2]).buffer);
    const f16 = Buffer.from(new Uint16Array([0x3c00, 0xbc00]).buffer);
    const bf16 = Buffer.from(new Uint16Array([0x3fc0, 0xc000]).buffer);
    const p = file(
      'a.safetensors',
      {
        __metadata__: { format: 'pt' },
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F16', shape: [2], data_offsets: [8, 12] },
        c: { dtype: 'BF16', shape: [1, 2], data_offsets: [12, 16] },
      },
      Buffer.concat([f32, f16, bf16]),
    );
    const st = openSafetensors(p);
    try {
      expect(Array.from(st.read('a'))).toEqual([1.5, -2]);
      expect(Array.from(st.read('b'))).toEqual([1, -1]);
      expect(Array.from(st.read('c'))).toEqual([1.5, -2]);
      expect(st.entries.get('c')!.shape).toEqual([1, 2]);
      expect(() => st.read('missing')).toThrow(/a\.safetensors: tensor missing is missing/);
    } finally {
      st.close();
    }
  });

  it('refuses files whose header or offsets are broken, naming the file', () => {
    const bad = path.join(tmp, 'bad.safetensors');
    writeFileSync(bad, Buffer.from([1, 2, 3]));
    expect(() => openSafetensors(bad)).toThrow(/bad\.safetensors: not a readable safetensors file/);
    const outside = file(
      'out.safetensors',
      { a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } },
      Buffer.alloc(4),
    );
    expect(() => openSafetensors(outside)).toThrow(/tensor a lies outside the file/);
    const i64 = file('i64.safetensors', { a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, Buffer.alloc(8));
    const st = openSafetensors(i64);
    expect(() => st.read('a')).toThrow(/dtype I64; only F32, F16 and BF16/);
    st.close();
  });
});
