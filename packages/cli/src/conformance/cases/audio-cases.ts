/** Kinds log_mel and mel_filters: Whisper's feature extraction. */
import { logMelSpectrogram, melFilters } from '@whisperx-ts/core';
import { readArray, type AudioRef } from '../kit.js';
import type { CaseHandler } from './types.js';

export const logMel: CaseHandler = async (c, ctx, checks) => {
  const nMels = (c.options as { nMels: 80 | 128 }).nMels;
  const mel = logMelSpectrogram(ctx.audio(c.audio as AudioRef), { nMels });
  const expected = readArray(ctx.kit, c.expected as string);
  checks.close('log-mel', mel, expected.data as Float32Array, c.tolerance as { abs: number });
};

export const melFilterBank: CaseHandler = async (c, ctx, checks) => {
  const nMels = (c.options as { nMels: 80 | 128 }).nMels;
  const filters = melFilters(nMels);
  const expected = readArray(ctx.kit, c.expected as string);
  checks.close('mel filters', filters, expected.data as Float32Array, c.tolerance as { abs: number });
};
