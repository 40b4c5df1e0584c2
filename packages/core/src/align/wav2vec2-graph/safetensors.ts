/**
 * Reading tensors from a safetensors file without loading it whole: the 8-byte header length,
 * the JSON header (name -> dtype, shape, byte offsets relative to the data section), then each
 * tensor read on demand and widened to float32 (F32, F16 and BF16 are what wav2vec2 checkpoints
 * hold). Only this format is read: it carries no code.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { WhisperxError } from '../../errors.js';

export interface SafetensorsEntry {
  dtype: string;
  shape: number[];
  /** Byte range in the file (absolute). */
  begin: number;
  end: number;
}

export interface SafetensorsFile {
  path: string;
  entries: Map<string, SafetensorsEntry>;
  /** Tensor as float32 (copied), or a WhisperxError naming the file and the tensor. */
  read(name: string): Float32Array;
  close(): void;
}

const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

/** IEEE half -> float. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function widen(dtype: string, bytes: Buffer): Float32Array {
  const n = bytes.length / BYTES[dtype];
  if (dtype === 'F32') {
    const out = new Float32Array(n);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const out = new Float32Array(n);
  if (dtype === 'F16') {
    for (let i = 0; i < n; i++) out[i] = halfToFloat(bytes.readUInt16LE(2 * i));
  } else {
    const u32 = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) u32[i] = bytes.readUInt16LE(2 * i) << 16;
  }
  return out;
}

/** Open a safetensors file and parse its header. */
export function openSafetensors(file: string): SafetensorsFile {
  const bad = (why: string): WhisperxError =>
    new WhisperxError('model', `${file}: not a readable safetensors file (${why}). Download it again.`);
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(8);
    if (readSync(fd, head, 0, 8, 0) !== 8) throw bad('shorter than its header');
    const headerLength = Number(head.readBigUInt64LE(0));
    if (headerLength <= 0 || 8 + headerLength > size) throw bad('header length out of range');
    const json = Buffer.alloc(headerLength);
    readSync(fd, json, 0, headerLength, 8);
    let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    try {
      header = JSON.parse(json.toString('utf8')) as typeof header;
    } catch {
      throw bad('header is not JSON');
    }
    const base = 8 + headerLength;
    const entries = new Map<string, SafetensorsEntry>();
    for (const [name, t] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const [b, e] = t.data_offsets;
      if (!(b >= 0 && e >= b && base + e <= size)) throw bad(`tensor ${name} lies outside the file`);
      entries.set(name, { dtype: t.dtype, shape: t.shape, begin: base + b, end: base + e });
    }
    return {
      path: file,
      entries,
      read(name) {
        const entry = entries.get(name);
        if (!entry)
          throw new WhisperxError('model', `${file}: tensor ${name} is missing; is this a Wav2Vec2ForCTC checkpoint?`);
        if (!BYTES[entry.dtype])
          throw new WhisperxError(
            'model',
            `${file}: tensor ${name} has dtype ${entry.dtype}; only F32, F16 and BF16 are read.`,
          );
        const count = entry.shape.reduce((a, b) => a * b, 1);
        if (count * BYTES[entry.dtype] !== entry.end - entry.begin) throw bad(`tensor ${name} has the wrong byte size`);
        const bytes = Buffer.alloc(entry.end - entry.begin);
        let done = 0;
        while (done < bytes.length) {
          const got = readSync(fd, bytes, done, bytes.length - done, entry.begin + done);
          if (got <= 0) throw bad(`tensor ${name} is truncated`);
          done += got;
        }
        return widen(entry.dtype, bytes);
      },
      close: () => closeSync(fd),
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
