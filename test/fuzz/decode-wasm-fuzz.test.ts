/**
 * Fuzzing loadAudio with the WASM decoders (no ffmpeg): ~2 000 mutated fixtures and random
 * files in CI (~30 s on 2 cores), plus the regressions the fuzzers found. See media-mutations.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWhisperxError, loadAudio } from '@whisperx-ts/core';
import { caseArb, decodeOnce, MEDIA, runs, SEEDS, apply } from './media-mutations.js';

describe('regressions found by this fuzzer', () => {
  it('a WAV header claiming 1 Hz is refused at once (was an 80 s, 2.5 GB resample)', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(MEDIA, 'speech-8k.wav')));
    new DataView(bytes.buffer).setUint32(24, 1, true);
    for (const decoder of ['auto', 'ffmpeg', 'wasm'] as const) {
      const started = performance.now();
      const error = await loadAudio(bytes, { decoder }).catch((e: unknown) => e);
      expect(isWhisperxError(error) && error.kind, decoder).toBe('input');
      expect((error as Error).message).toMatch(
        /corrupt or truncated \(fmt chunk gives an implausible sample rate of 1 Hz\)/,
      );
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});

describe('loadAudio on damaged media', () => {
  it('WASM decoders: samples or an input error, never a crash', async () => {
    const tally = { samples: 0, 'input-error': 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async ([seedIndex, m]) => {
        tally[await decodeOnce(apply(SEEDS[seedIndex].bytes, m), 'wasm')]++;
      }),
      runs(2000),
    );
    console.log(`wasm fuzz: ${JSON.stringify(tally)}`);
    expect(tally.samples).toBeGreaterThan(0);
    expect(tally['input-error']).toBeGreaterThan(0);
  }, 120_000);
});
