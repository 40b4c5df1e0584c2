/**
 * Reading a conformance kit (schema 1; see the kit's README): kit.json, array goldens
 * (<name>.bin little-endian C order + <name>.json {dtype, shape}) and audio objects.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface AudioRef {
  file: string;
  start?: number;
  end?: number | null;
  channel?: number | null;
}

export interface KitCase {
  id: string;
  kind: string;
  tolerance?: Record<string, number | string>;
  [field: string]: unknown;
}

export interface Kit {
  dir: string;
  schema: number;
  models: Record<string, string>;
  cases: KitCase[];
}

export interface KitArray {
  dtype: string;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Int16Array;
}

export function readKit(dir: string): Kit {
  const file = path.join(dir, 'kit.json');
  let json: { schema: number; models: Record<string, string>; cases: KitCase[] };
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new Error(`${file}: cannot read the kit index (${(cause as Error).message}).`);
  }
  if (json.schema !== 1) throw new Error(`${file}: schema ${json.schema} is not supported (expected 1).`);
  return { dir, schema: json.schema, models: json.models ?? {}, cases: json.cases ?? [] };
}

export function kitFile(kit: Kit, rel: string): string {
  return path.resolve(kit.dir, rel);
}

export function readArray(kit: Kit, rel: string): KitArray {
  return readArrayFile(kitFile(kit, rel));
}

/** Read `<name>.bin` + `<name>.json` (pass the .bin path or the path without extension). */
export function readArrayFile(bin: string): KitArray {
  const base = bin.endsWith('.bin') ? bin.slice(0, -4) : bin;
  const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { dtype: string; shape: number[] };
  const buf = readFileSync(`${base}.bin`);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const ctors = {
    float32: Float32Array,
    float64: Float64Array,
    int32: Int32Array,
    int64: BigInt64Array,
    int16: Int16Array,
  };
  const ctor = ctors[meta.dtype as keyof typeof ctors];
  if (!ctor) throw new Error(`${base}.json: unsupported dtype ${meta.dtype}`);
  return { dtype: meta.dtype, shape: meta.shape, data: new ctor(ab) };
}

export function readJson<T = unknown>(kit: Kit, rel: string): T {
  return JSON.parse(readFileSync(kitFile(kit, rel), 'utf8')) as T;
}

/** Worst deviation and pass flag under numpy isclose semantics |a-e| <= abs + rel*|e|. */
export function compare(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: { abs?: number; rel?: number },
): { ok: boolean; maxAbs: number } {
  if (actual.length !== expected.length) return { ok: false, maxAbs: Infinity };
  const abs = tol.abs ?? 0;
  const rel = tol.rel ?? 0;
  let ok = true;
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= abs + rel * Math.abs(expected[i]))) ok = false;
    if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
  }
  return { ok, maxAbs };
}
