/**
 * numpy `.npz` archives read as plain numeric arrays: a zip of `.npy` files, each a small header
 * (a Python dict literal with `descr`, `fortran_order`, `shape`) followed by raw values. Only
 * numeric dtypes are accepted; object arrays (which numpy stores as pickles) and anything that is
 * not a well-formed `.npy` are refused, so no pickle is ever read.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { WhisperxError } from '../errors.js';

/** One array: values as float64 in C order, with its shape. */
export interface NumericArray {
  shape: number[];
  data: Float64Array;
}

const DTYPES: Record<string, { bytes: number; read: (view: DataView, offset: number, little: boolean) => number }> = {
  f8: { bytes: 8, read: (v, o, l) => v.getFloat64(o, l) },
  f4: { bytes: 4, read: (v, o, l) => v.getFloat32(o, l) },
  i8: { bytes: 8, read: (v, o, l) => Number(v.getBigInt64(o, l)) },
  i4: { bytes: 4, read: (v, o, l) => v.getInt32(o, l) },
  i2: { bytes: 2, read: (v, o, l) => v.getInt16(o, l) },
  i1: { bytes: 1, read: (v, o) => v.getInt8(o) },
  u8: { bytes: 8, read: (v, o, l) => Number(v.getBigUint64(o, l)) },
  u4: { bytes: 4, read: (v, o, l) => v.getUint32(o, l) },
  u2: { bytes: 2, read: (v, o, l) => v.getUint16(o, l) },
  u1: { bytes: 1, read: (v, o) => v.getUint8(o) },
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function fail(where: string, cause: string): never {
  throw new WhisperxError('model', `${where}: ${cause}. Use an .npz of plain numeric arrays (numpy.savez).`);
}

/** Parse one `.npy` file's bytes. `where` names it in errors. */
export function parseNpy(bytes: Uint8Array, where: string): NumericArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail(where, 'not a .npy array (bad magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail(where, 'truncated .npy header');
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    fail(where, `unsupported .npy format version ${major}`);
  }
  if (headerStart + headerLength > bytes.length) fail(where, 'truncated .npy header');
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength)).trim();
  // The header is a dict literal with exactly these three keys (numpy writes nothing else).
  const match =
    /^\{\s*'descr'\s*:\s*'([^']*)'\s*,\s*'fortran_order'\s*:\s*(True|False)\s*,\s*'shape'\s*:\s*\(([^)]*)\)\s*,?\s*\}$/.exec(
      header,
    );
  if (!match) fail(where, `unexpected .npy header ${JSON.stringify(header.slice(0, 80))}`);
  const [, descr, fortran, shapeText] = match;
  if (descr.includes('O')) fail(where, `object array (dtype ${descr}) would need pickle, which is never loaded`);
  const dtypeMatch = /^([<>|=])([fiu][1248])$/.exec(descr);
  if (!dtypeMatch || !DTYPES[dtypeMatch[2]]) fail(where, `unsupported dtype ${descr} (numeric dtypes only)`);
  const dtype = DTYPES[dtypeMatch[2]];
  const little = dtypeMatch[1] !== '>';
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      if (!/^\d+$/.test(s)) fail(where, `bad shape (${shapeText})`);
      return Number(s);
    });
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart !== count * dtype.bytes) {
    fail(
      where,
      `holds ${bytes.length - dataStart} data bytes, shape (${shape.join(', ')}) needs ${count * dtype.bytes}`,
    );
  }
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = dtype.read(view, dataStart + i * dtype.bytes, little);
  if (fortran === 'True' && shape.length > 1) return { shape, data: fortranToC(data, shape) };
  return { shape, data };
}

/** Reorder column-major values into row-major ones. */
function fortranToC(data: Float64Array, shape: number[]): Float64Array {
  const out = new Float64Array(data.length);
  const n = shape.length;
  const index = new Array<number>(n).fill(0);
  for (let c = 0; c < data.length; c++) {
    // c is the C-order flat index of `index`; compute its Fortran-order offset.
    let f = 0;
    let stride = 1;
    for (let d = 0; d < n; d++) {
      f += index[d] * stride;
      stride *= shape[d];
    }
    out[c] = data[f];
    for (let d = n - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/** Every array of an `.npz` archive (bytes), by name without `.npy`. */
export function parseNpz(bytes: Uint8Array, where: string): Map<string, NumericArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (cause) {
    fail(where, `not a readable zip archive (${(cause as Error).message})`);
  }
  const arrays = new Map<string, NumericArray>();
  for (const [name, content] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) fail(where, `entry ${name} is not a .npy array`);
    arrays.set(name.slice(0, -4), parseNpy(content, `${where} (${name})`));
  }
  return arrays;
}

/** Read an `.npz` file from disk. */
export function readNpz(file: string): Map<string, NumericArray> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new WhisperxError('model', `${file}: cannot read (${(cause as Error).message}). Check the path.`);
  }
  return parseNpz(bytes, file);
}

/**
 * The array `name` of an archive with the given shape (`-1` = any size, equal entries of
 * `sameAs` must match); `where` names the file in errors.
 */
export function requireArray(
  arrays: Map<string, NumericArray>,
  name: string,
  shape: number[],
  where: string,
): NumericArray {
  const a = arrays.get(name);
  if (!a) fail(where, `has no array "${name}" (found ${[...arrays.keys()].join(', ') || 'none'})`);
  const ok = a.shape.length === shape.length && shape.every((s, i) => s < 0 || s === a.shape[i]);
  if (!ok)
    fail(
      where,
      `array "${name}" has shape (${a.shape.join(', ')}), expected (${shape.map((s) => (s < 0 ? 'n' : s)).join(', ')})`,
    );
  if (a.data.some((v) => !Number.isFinite(v))) fail(where, `array "${name}" holds NaN or infinite values`);
  return a;
}
