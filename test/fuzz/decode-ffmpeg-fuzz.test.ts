/**
 * Fuzzing loadAudio through ffmpeg: ~200 mutated fixtures and random files in CI (one ffmpeg
 * process each, ~25 s on 2 cores). See media-mutations.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArb, decodeOnce, runs, SEEDS, apply } from './media-mutations.js';

describe('loadAudio on damaged media', () => {
  it('ffmpeg: samples or an input error, never a crash', async () => {
    const tally = { samples: 0, 'input-error': 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async ([seedIndex, m]) => {
        tally[await decodeOnce(apply(SEEDS[seedIndex].bytes, m), 'ffmpeg')]++;
      }),
      runs(200),
    );
    console.log(`ffmpeg fuzz: ${JSON.stringify(tally)}`);
    expect(tally.samples).toBeGreaterThan(0);
    expect(tally['input-error']).toBeGreaterThan(0);
  }, 120_000);
});
