/**
 * Options of one Whisper decoding call (`WhisperModel.generate`) and their defaults, and the
 * per-window result. Defaults follow WhisperX / faster-whisper's transcription defaults where
 * they differ from Hugging Face's (documented per field).
 */

export interface GenerateOptions {
  /** Language code or name ("en", "english"). Default: detected per window (multilingual models) / English (.en). */
  language?: string;
  /** "transcribe" or "translate" (to English). Default "transcribe". */
  task?: 'transcribe' | 'translate';
  /** Add `<|notimestamps|>` and predict text only. Default false (timestamps predicted). */
  withoutTimestamps?: boolean;
  /** Temperatures tried in order until a result passes the thresholds. Default [0, 0.2, 0.4, 0.6, 0.8, 1.0]. */
  temperature?: number | readonly number[];
  /** Retry at the next temperature when gzip compression ratio of the text exceeds this. Default 2.4; null = never. */
  compressionRatioThreshold?: number | null;
  /** Retry at the next temperature when the average log-probability is below this. Default -1; null = never. */
  logprobThreshold?: number | null;
  /** With avgLogprob below logprobThreshold and noSpeechProb above this, the window counts as silence (no retry). Default 0.6; null = off. */
  noSpeechThreshold?: number | null;
  /** Beam width at temperature 0; 1 = greedy. Default 5 (WhisperX). */
  beamSize?: number;
  /** Beam patience: finished hypotheses kept = round(beamSize * patience). Default 1 (Hugging Face). */
  patience?: number;
  /** Exponent of the generated length dividing a hypothesis' summed log-probability when ranking. Default 1. */
  lengthPenalty?: number;
  /** Samples drawn per window at temperature > 0; the best ranked is kept. Default 5. */
  bestOf?: number;
  /** Seed of the sampling random generator (reproducible runs). Default: unseeded. */
  seed?: number;
  /** Most tokens generated per window (EOS included). Default: the decoder context left after the prompt, at most 224 (half the context, as openai). */
  maxNewTokens?: number;
  /** Token ids never generated; -1 stands for the model's own list (generation_config suppress_tokens). Default [-1]. */
  suppressTokens?: readonly number[];
  /** Forbid a blank (space) or EOS as the first generated token. Default true. */
  suppressBlank?: boolean;
  /** Also suppress tokens holding digits or %$£ (WhisperX's suppress_numerals). Default false. */
  suppressNumerals?: boolean;
  /** Text given as previous context (`<|startofprev|>` + its tokens, the last 223 kept). Default none. */
  initialPrompt?: string;
  /** Words to bias toward, put in the previous-context slot like faster-whisper. Default none. */
  hotwords?: string;
  /** Latest first timestamp allowed, seconds. Default: the model's max_initial_timestamp_index x 0.02 (1.0 s). */
  maxInitialTimestamp?: number;
  /**
   * Most decoder rows (windows x beams or samples) decoded together; larger passes are split into
   * even groups, one window at least. Default: the caches fit max(1 GiB, the model's float32
   * weights) — tiny and base keep 8 windows x 5 beams together, large-v3 2 windows x 5 beams.
   */
  maxDecoderRows?: number;
  /** Cancels the call between decoder steps. */
  signal?: AbortSignal;
}

/** One timestamped piece of a window (times in seconds from the window start). */
export interface WindowSegment {
  start: number;
  end: number;
  /** Text of the segment (timestamps left out). */
  text: string;
  /** Its ids, timestamp tokens included. */
  tokens: number[];
}

/** Decoding result of one window. */
export interface WindowResult {
  /** The decoder prompt that was fed (sot sequence, with any previous-context tokens before it). */
  prompt: number[];
  /** Generated ids, EOS excluded. */
  tokens: number[];
  /** True when decoding ended with EOS; false when maxNewTokens ran out. */
  endedWithEos: boolean;
  /** Decoded text of `tokens` (special and timestamp tokens left out). */
  text: string;
  /** Timestamp-parsed segments; without timestamps one segment covering the window (0-30 s). */
  segments: WindowSegment[];
  /** Language code used. */
  language: string;
  /** Language probabilities when the language was detected. */
  languageProbs?: Record<string, number>;
  /** Sum of the chosen tokens' log-probabilities (EOS included). */
  sumLogprob: number;
  /** sumLogprob / (tokens + 1), as openai/whisper. */
  avgLogprob: number;
  /** Ranking score: sumLogprob / generatedLength ** lengthPenalty (HF sequences_scores). */
  score: number;
  /** Probability of the no-speech token at the `<|startoftranscript|>` position. */
  noSpeechProb: number;
  /** UTF-8 bytes / zlib-compressed bytes of `text`. */
  compressionRatio: number;
  /**
   * openai/whisper's skip rule: noSpeechProb above noSpeechThreshold, unless avgLogprob is above
   * logprobThreshold. The pipeline writes no segment for such a window (silence, music).
   */
  silent: boolean;
  /** Temperature of the pass that produced this result. */
  temperature: number;
}

export const DEFAULT_TEMPERATURES: readonly number[] = [0, 0.2, 0.4, 0.6, 0.8, 1.0];
