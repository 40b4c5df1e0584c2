/**
 * Reading a Whisper checkpoint's config.json and generation_config.json into the dimensions
 * (backend contract) and the generation defaults the decoding policy uses.
 */
import type { WhisperDims } from './executor.js';
import { WhisperxError } from '../errors.js';

/** Generation defaults a checkpoint ships (generation_config.json, falling back to config.json). */
export interface WhisperGenerationDefaults {
  /** suppress_tokens: ids always suppressed when the option suppressTokens holds -1. */
  suppressTokens: number[];
  /** begin_suppress_tokens: ids suppressed at the first generated position (blank + eot). Null when absent. */
  beginSuppressTokens: number[] | null;
  /** max_initial_timestamp_index: the last timestamp index allowed first. Null when absent. */
  maxInitialTimestampIndex: number | null;
  /** max_length / max_target_positions: the decoder's context (prompt + generated). */
  maxLength: number;
}

type Json = Record<string, unknown>;

function num(obj: Json, key: string, file: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new WhisperxError('model', `${file}: missing or invalid "${key}"; this is not a Whisper config.json.`);
  }
  return v;
}

function ids(v: unknown): number[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null;
}

/** Dimensions from config.json (Hugging Face names). */
export function parseWhisperDims(config: Json, file = 'config.json'): WhisperDims {
  return {
    nMels: num(config, 'num_mel_bins', file),
    nVocab: num(config, 'vocab_size', file),
    nAudioCtx: num(config, 'max_source_positions', file),
    dModel: num(config, 'd_model', file),
    nTextCtx: num(config, 'max_target_positions', file),
    nTextLayer: num(config, 'decoder_layers', file),
    nTextHead: num(config, 'decoder_attention_heads', file),
    nAudioLayer: num(config, 'encoder_layers', file),
  };
}

/** Generation defaults: generation_config.json first, config.json second. */
export function parseGenerationDefaults(config: Json, generationConfig: Json | null): WhisperGenerationDefaults {
  const pick = (key: string): unknown => generationConfig?.[key] ?? config[key];
  const maxIndex = pick('max_initial_timestamp_index');
  const maxLength = pick('max_length') ?? config.max_target_positions;
  return {
    suppressTokens: ids(pick('suppress_tokens')) ?? [],
    beginSuppressTokens: ids(pick('begin_suppress_tokens')),
    maxInitialTimestampIndex: typeof maxIndex === 'number' ? maxIndex : null,
    maxLength: typeof maxLength === 'number' ? maxLength : 448,
  };
}
