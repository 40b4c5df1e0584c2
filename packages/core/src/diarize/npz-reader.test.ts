import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { parseNpy, parseNpz, readNpz, requireArray } from './npz-reader.js';

/** A .npy file (format 1.0) with the given header text and data bytes. */
function npy(header: string, data: Uint8Array): Uint8Array {
  const pad = 64 - ((10 + header.length + 1) % 64);
  const text = header + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(new TextEncoder().encode(text), 10);
  out.set(data, 10 + text.length);
  return out;
}
const f8 = (values: number[]) => new Uint8Array(Float64Array.from(values).buffer);
const header = (descr: string, shape: string, fortran = 'False') =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

describe('npz reader', () => {
  it('reads float64, float32 and int arrays, C and Fortran order', () => {
    expect(Array.from(parseNpy(npy(header('<f8', '(2, 2)'), f8([1, 2, 3, 4])), 'x').data)).toEqual([1, 2, 3, 4]);
    const fortran = parseNpy(npy(header('<f8', '(2, 3)', 'True'), f8([1, 4, 2, 5, 3, 6])), 'x');
    expect(fortran.shape).toEqual([2, 3]);
    expect(Array.from(fortran.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const f4 = parseNpy(npy(header('<f4', '(3,)'), new Uint8Array(Float32Array.from([0.5, -1, 2]).buffer)), 'x');
    expect(Array.from(f4.data)).toEqual([0.5, -1, 2]);
    const i8 = parseNpy(npy(header('<i8', '(2,)'), new Uint8Array(BigInt64Array.from([-3n, 7n]).buffer)), 'x');
    expect(Array.from(i8.data)).toEqual([-3, 7]);
    expect(parseNpy(npy(header('<f8', '()'), f8([9])), 'x')).toEqual({ shape: [], data: Float64Array.from([9]) });
  });

  it('reads the numpy-written PLDA archives of the diarization kit', () => {
    const plda = readNpz(path.join(REPO_ROOT, 'test/kits/diarization/models/community-mini/plda/plda.npz'));
    expect([...plda.keys()].sort()).toEqual(['mu', 'psi', 'tr']);
    expect(plda.get('tr')!.shape).toEqual([128, 128]);
    expect(requireArray(plda, 'psi', [128], 'plda.npz').data.every((v) => v > 0)).toBe(true);
  });

  it('refuses object (pickled) arrays with one line', () => {
    const pickle = new TextEncoder().encode('\x80\x04\x95cos\nsystem\n(Vecho pwned\ntR.');
    for (const descr of ['|O', '<O', 'O']) {
      expect(() => parseNpy(npy(header(descr, '(1,)'), pickle), 'evil.npz (a.npy)')).toThrow(
        /^evil\.npz \(a\.npy\): object array .* pickle, which is never loaded\. Use an \.npz of plain numeric arrays/,
      );
    }
    const zip = zipSync({ 'a.npy': npy(header('|O', '(1,)'), pickle) });
    expect(() => parseNpz(zip, 'evil.npz')).toThrow(/evil\.npz \(a\.npy\): object array/);
  });

  it('refuses malformed files: magic, header, dtype, sizes, entries, archives', () => {
    expect(() => parseNpy(new TextEncoder().encode('not numpy at all'), 'a')).toThrow(
      /a: not a \.npy array \(bad magic\)/,
    );
    expect(() =>
      parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': __import__('os')}", f8([1])), 'a'),
    ).toThrow(/unexpected \.npy header/);
    expect(() => parseNpy(npy(header('<c16', '(1,)'), new Uint8Array(16)), 'a')).toThrow(/unsupported dtype <c16/);
    expect(() => parseNpy(npy(header('<U4', '(1,)'), new Uint8Array(16)), 'a')).toThrow(/unsupported dtype <U4/);
    expect(() => parseNpy(npy(header('<f8', '(3,)'), f8([1, 2])), 'a')).toThrow(
      /holds 16 data bytes, shape \(3\) needs 24/,
    );
    expect(() => parseNpy(npy(header('<f8', '(a,)'), f8([1])), 'a')).toThrow(/bad shape/);
    expect(() => parseNpz(zipSync({ 'a.pkl': new Uint8Array(3) }), 'b.npz')).toThrow(
      /b\.npz: entry a\.pkl is not a \.npy array/,
    );
    expect(() => parseNpz(new TextEncoder().encode('PK garbage'), 'c.npz')).toThrow(
      /c\.npz: not a readable zip archive/,
    );
  });

  it('checks array names, shapes and values', () => {
    const arrays = parseNpz(zipSync({ 'lda.npy': npy(header('<f8', '(2, 2)'), f8([1, 2, 3, NaN])) }), 'x.npz');
    expect(() => requireArray(arrays, 'mean1', [2], 'x.npz')).toThrow(/x\.npz: has no array "mean1" \(found lda\)/);
    expect(() => requireArray(arrays, 'lda', [2, 3], 'x.npz')).toThrow(
      /array "lda" has shape \(2, 2\), expected \(2, 3\)/,
    );
    expect(() => requireArray(arrays, 'lda', [-1, -1], 'x.npz')).toThrow(/array "lda" holds NaN or infinite values/);
  });

  it('names an unreadable file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wx-npz-'));
    expect(() => readNpz(path.join(dir, 'missing.npz'))).toThrow(/missing\.npz: cannot read/);
    writeFileSync(path.join(dir, 'empty.npz'), '');
    expect(() => readNpz(path.join(dir, 'empty.npz'))).toThrow(/empty\.npz: not a readable zip archive/);
  });
});
