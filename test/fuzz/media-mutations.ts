/**
 * Shared by the decode fuzzers: the media fixtures as seeds, the mutations (truncation, bit
 * flips, header bytes overwritten, splices, length fields set to extremes, random bytes), and
 * the no-crash check: a Float32Array of finite samples, or a WhisperxError of kind 'input', each
 * within a time limit. FUZZ_SCALE multiplies the run counts; FUZZ_SEED replays a failure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { isWhisperxError, loadAudio, type AudioDecoderChoice } from '@whisperx-ts/core';
import { REPO_ROOT } from '../helpers/kit.js';

export const SCALE = Math.max(0.1, Number(process.env.FUZZ_SCALE ?? 1));
export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
export const CASE_LIMIT_MS = 10_000;

export const MEDIA = path.join(REPO_ROOT, 'test/fixtures/media');
export const SEEDS = [
  'speech-16k-s16.wav',
  'stereo-44k.wav',
  'speech-8k.wav',
  'silence.wav',
  'speech.flac',
  'speech.mp3',
  'speech.ogg',
  'speech.opus',
  'speech.webm',
  'speech.m4a',
  'video-h264-aac.mp4',
  'video-h264-vorbis.mkv',
].map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(MEDIA, name))) }));

/** One way to damage a file. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; positions: number[]; bits: number[] }
  | { kind: 'header'; offset: number; bytes: number[] }
  | { kind: 'splice'; from: number; to: number; length: number }
  | { kind: 'size-field'; offset: number; value: number }
  | { kind: 'random'; bytes: Uint8Array };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }).map((m) => m as Mutation),
  fc.record({
    kind: fc.constant('flip' as const),
    positions: fc.array(fraction, { minLength: 1, maxLength: 16 }),
    bits: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 16, maxLength: 16 }),
  }),
  fc.record({
    kind: fc.constant('header' as const),
    offset: fc.integer({ min: 0, max: 63 }),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }),
  }),
  fc.record({
    kind: fc.constant('splice' as const),
    from: fraction,
    to: fraction,
    length: fc.integer({ min: 1, max: 4096 }),
  }),
  // Rewrite a 32-bit little/big-endian length field near the start with an extreme value.
  fc.record({
    kind: fc.constant('size-field' as const),
    offset: fc.integer({ min: 0, max: 60 }),
    value: fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 0x80000000, 44, 36),
  }),
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ minLength: 0, maxLength: 2048 }) }),
);

export function apply(seed: Uint8Array, m: Mutation): Uint8Array {
  const out = new Uint8Array(seed);
  switch (m.kind) {
    case 'truncate':
      return out.subarray(0, Math.floor(m.at * seed.length));
    case 'flip':
      m.positions.forEach((p, i) => {
        const at = Math.min(seed.length - 1, Math.floor(p * seed.length));
        out[at] ^= 1 << m.bits[i];
      });
      return out;
    case 'header':
      out.set(m.bytes.slice(0, Math.max(0, seed.length - m.offset)), Math.min(m.offset, seed.length));
      return out;
    case 'splice': {
      const from = Math.floor(m.from * seed.length);
      const to = Math.floor(m.to * seed.length);
      const piece = seed.subarray(from, Math.min(seed.length, from + m.length));
      const result = new Uint8Array(seed.length + piece.length);
      result.set(seed.subarray(0, to));
      result.set(piece, to);
      result.set(seed.subarray(to), to + piece.length);
      return result;
    }
    case 'size-field':
      if (m.offset + 4 <= out.length) new DataView(out.buffer).setUint32(m.offset, m.value, m.offset % 2 === 0);
      return out;
    case 'random':
      return m.bytes;
  }
}

/** Decode and classify; throws (failing the property) on anything but samples or an input error. */
export async function decodeOnce(bytes: Uint8Array, decoder: AudioDecoderChoice): Promise<'samples' | 'input-error'> {
  const started = performance.now();
  let outcome: 'samples' | 'input-error';
  try {
    const audio = await loadAudio(bytes, { decoder });
    expect(audio).toBeInstanceOf(Float32Array);
    for (let i = 0; i < audio.length; i++) {
      if (!Number.isFinite(audio[i])) throw new Error(`non-finite sample ${audio[i]} at ${i} of ${audio.length}`);
    }
    outcome = 'samples';
  } catch (error) {
    if (!isWhisperxError(error) || error.kind !== 'input') throw error;
    expect(error.message).not.toContain('\n');
    outcome = 'input-error';
  }
  const ms = performance.now() - started;
  if (ms > CASE_LIMIT_MS) throw new Error(`decode took ${ms.toFixed(0)} ms`);
  return outcome;
}

export const caseArb = fc.tuple(fc.integer({ min: 0, max: SEEDS.length - 1 }), mutation);

export function runs(n: number): fc.Parameters<[[number, Mutation]]> {
  return { numRuns: Math.round(n * SCALE), seed: SEED, endOnFailure: true, verbose: 1 };
}
