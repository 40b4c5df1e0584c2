/**
 * Reading the conformance kit (../shared/conformance by default, WHISPERX_KIT_DIR to override)
 * in tests. Array reading and comparison are the conformance runner's own (packages/cli).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, readArrayFile, type KitArray } from '../../packages/cli/src/conformance/kit.js';

export type { KitArray };
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

/** Read `<name>.bin` + `<name>.json` (pass the .bin path or the path without extension). */
export const readKitArray = readArrayFile;

/** Largest |a-b| and whether every element satisfies |a-b| <= abs + rel*|b| (numpy isclose). */
export function compareArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: { abs: number; rel?: number },
): { ok: boolean; maxAbs: number } {
  return compare(actual, expected, tol);
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
