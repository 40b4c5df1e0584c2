/**
 * Reading the conformance kit (../shared/conformance by default, WHISPERX_KIT_DIR to override)
 * in tests: array goldens are <name>.bin (little-endian, C order) + <name>.json {dtype, shape}.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KIT_DIR = process.env.WHISPERX_KIT_DIR
  ? path.resolve(process.env.WHISPERX_KIT_DIR)
  : path.resolve(REPO_ROOT, '../shared/conformance');

export function kitPath(...parts: string[]): string {
  return path.join(KIT_DIR, ...parts);
}

export function kitExists(): boolean {
  return existsSync(path.join(KIT_DIR, 'kit.json'));
}

export interface KitArray {
  dtype: string;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Int16Array;
}

/** Read `<name>.bin` + `<name>.json` (pass the .bin path or the path without extension). */
export function readKitArray(binPath: string): KitArray {
  const base = binPath.endsWith('.bin') ? binPath.slice(0, -4) : binPath;
  const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { dtype: string; shape: number[] };
  const buf = readFileSync(`${base}.bin`);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const ctor = {
    float32: Float32Array,
    float64: Float64Array,
    int32: Int32Array,
    int64: BigInt64Array,
    int16: Int16Array,
  }[meta.dtype];
  if (!ctor) throw new Error(`${base}.json: unsupported dtype ${meta.dtype}`);
  return { dtype: meta.dtype, shape: meta.shape, data: new ctor(ab) };
}

/** Largest |a-b| and whether every element satisfies |a-b| <= abs + rel*|b| (numpy isclose). */
export function compareArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: { abs: number; rel?: number },
): { ok: boolean; maxAbs: number; worstIndex: number } {
  if (actual.length !== expected.length) return { ok: false, maxAbs: Infinity, worstIndex: -1 };
  let maxAbs = 0;
  let worstIndex = -1;
  let ok = true;
  const rel = tol.rel ?? 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= tol.abs + rel * Math.abs(expected[i]))) ok = false;
    if (d > maxAbs || Number.isNaN(d)) {
      maxAbs = Number.isNaN(d) ? Infinity : d;
      worstIndex = i;
    }
  }
  return { ok, maxAbs, worstIndex };
}

/** Decode a 16-bit PCM WAV (any header chunks) as int16/32768, one channel or the only one. */
export function readKitWav(file: string, channel: number | null = null): Float32Array {
  const buf = readFileSync(file);
  let off = 12;
  let channels = 1;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') channels = buf.readUInt16LE(off + 10);
    if (id === 'data') {
      const n = Math.floor(size / 2 / channels);
      const out = new Float32Array(n);
      const ch = channel ?? 0;
      for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(off + 8 + (i * channels + ch) * 2) / 32768;
      return out;
    }
    off += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}
