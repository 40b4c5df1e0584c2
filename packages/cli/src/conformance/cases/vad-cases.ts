/** Kinds vad_probs and vad_timestamps: Silero speech probabilities and get_speech_timestamps. */
import { getSpeechTimestamps, type SpeechTimestampsOptions } from '@whisperx-ts/core';
import type { AudioRef } from '../kit.js';
import type { CaseHandler } from './types.js';

interface VadCase {
  model: string;
  audio: AudioRef;
  options?: SpeechTimestampsOptions & { samplingRate?: number; windowSizeSamples?: number; chunkSamples?: number };
  expected: { file: string; field: string; unit?: 'samples' | 'seconds' };
  tolerance?: { abs: number };
}

function checkRate(options: VadCase['options']): void {
  const rate = options?.samplingRate ?? 16000;
  const chunk = options?.windowSizeSamples ?? options?.chunkSamples ?? 512;
  if (rate !== 16000 || chunk !== 512) throw new Error(`unsupported VAD settings: ${rate} Hz, ${chunk}-sample chunks`);
}

export const vadProbs: CaseHandler = async (raw, ctx, checks) => {
  const c = raw as unknown as VadCase;
  checkRate(c.options);
  const vad = await ctx.sileroModel(c.model);
  const { probs } = await vad.speechProbabilities(ctx.audio(c.audio));
  const expected = ctx.readJson<Record<string, number[]>>(c.expected.file)[c.expected.field];
  checks.close('speech probabilities', probs, expected, c.tolerance ?? { abs: 1e-4 });
};

export const vadTimestamps: CaseHandler = async (raw, ctx, checks) => {
  const c = raw as unknown as VadCase;
  checkRate(c.options);
  const vad = await ctx.sileroModel(c.model);
  const probs = await vad.speechProbabilities(ctx.audio(c.audio));
  const { samplingRate: _rate, windowSizeSamples: _w, chunkSamples: _c, ...options } = c.options ?? {};
  const got = getSpeechTimestamps(probs, options);
  const field = ctx.readJson<Record<string, Record<string, unknown>>>(c.expected.file)[c.expected.field];
  const expected = c.expected.unit ? field[c.expected.unit] : field;
  checks.equal(
    'speech timestamps',
    got.map((t) => ({ start: t.start, end: t.end })),
    expected,
  );
};
