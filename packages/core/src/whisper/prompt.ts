/**
 * The decoder prompt of a window: optional previous context (`<|startofprev|>` + hotwords and/or
 * initial-prompt tokens, as faster-whisper), then the sot sequence
 * `<|startoftranscript|> <|lang|> <|task|>` (`.en` models: `<|startoftranscript|>` alone) and
 * `<|notimestamps|>` when timestamps are off.
 */
import type { WhisperTokenizer } from './tokenizer.js';

export interface PromptSpec {
  /** Language token id; null for English-only models (no language/task tokens). */
  languageToken: number | null;
  task: 'transcribe' | 'translate';
  withoutTimestamps: boolean;
  /** Text of the previous context (initialPrompt). */
  previousText?: string;
  /** Hotwords text. */
  hotwords?: string;
  /** Decoder context size (max_target_positions, 448). */
  textContext: number;
}

export interface DecoderPrompt {
  tokens: number[];
  /** Index of `<|startoftranscript|>` in tokens (the no-speech position). */
  sotIndex: number;
}

export function buildPrompt(tokenizer: WhisperTokenizer, spec: PromptSpec): DecoderPrompt {
  const { special } = tokenizer;
  const half = Math.floor(spec.textContext / 2);
  const prefix: number[] = [];
  const hot = spec.hotwords?.trim();
  const prev = spec.previousText?.trim();
  if (hot || prev) {
    prefix.push(special.sotPrev);
    if (hot) prefix.push(...tokenizer.encode(` ${hot}`).slice(0, half - 1));
    if (prev) prefix.push(...tokenizer.encode(` ${prev}`).slice(-(half - 1)));
  }
  const tokens = [...prefix, special.sot];
  if (spec.languageToken !== null) {
    tokens.push(spec.languageToken);
    const task = spec.task === 'translate' ? special.translate : special.transcribe;
    if (task >= 0) tokens.push(task);
  }
  if (spec.withoutTimestamps) tokens.push(special.noTimestamps);
  return { tokens, sotIndex: prefix.length };
}
