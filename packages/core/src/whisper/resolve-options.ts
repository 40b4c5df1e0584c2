/**
 * GenerateOptions -> the concrete settings of one generate() call: defaults filled in, values
 * checked (usage errors name the option), suppression lists and logit filters built.
 */
import { WhisperxError } from '../errors.js';
import { DEFAULT_TEMPERATURES, type GenerateOptions } from './decoding-options.js';
import { ApplyTimestampRules, SuppressAtBegin, SuppressTokens, type LogitFilter } from './logit-filters.js';
import type { WhisperGenerationDefaults } from './model-config.js';
import type { WhisperTokenizer } from './tokenizer.js';

export interface ResolvedOptions {
  task: 'transcribe' | 'translate';
  withoutTimestamps: boolean;
  temperatures: number[];
  compressionRatioThreshold: number | null;
  logprobThreshold: number | null;
  noSpeechThreshold: number | null;
  beamSize: number;
  patience: number;
  lengthPenalty: number;
  bestOf: number;
  seed: number | undefined;
  /** Requested maxNewTokens (undefined = default, clamped to the context left). */
  maxNewTokens: number | undefined;
  filters: LogitFilter[];
}

function check(ok: boolean, option: string, value: unknown, expected: string): void {
  if (!ok) throw new WhisperxError('usage', `${option} ${JSON.stringify(value)}: expected ${expected}.`);
}

/** Ids suppressed at every step: -1 = the model's list; sot/task/prev tokens always. */
export function suppressedTokens(
  options: GenerateOptions,
  tokenizer: WhisperTokenizer,
  defaults: WhisperGenerationDefaults,
): number[] {
  const requested = options.suppressTokens ?? [-1];
  const out = new Set<number>();
  for (const id of requested) {
    if (id === -1) for (const d of defaults.suppressTokens) out.add(d);
    else {
      check(
        Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize,
        'suppressTokens',
        id,
        `-1 or token ids below ${tokenizer.vocabSize}`,
      );
      out.add(id);
    }
  }
  const s = tokenizer.special;
  for (const id of [s.transcribe, s.translate, s.sot, s.sotPrev, s.sotLm, s.noSpeech]) if (id >= 0) out.add(id);
  if (options.suppressNumerals) for (const id of tokenizer.numeralSymbolTokens()) out.add(id);
  return [...out].sort((a, b) => a - b);
}

export function resolveOptions(
  options: GenerateOptions,
  tokenizer: WhisperTokenizer,
  defaults: WhisperGenerationDefaults,
): ResolvedOptions {
  const task = options.task ?? 'transcribe';
  check(task === 'transcribe' || task === 'translate', 'task', task, '"transcribe" or "translate"');
  const t = options.temperature ?? DEFAULT_TEMPERATURES;
  const temperatures = typeof t === 'number' ? [t] : [...t];
  check(
    temperatures.length > 0 && temperatures.every((x) => Number.isFinite(x) && x >= 0),
    'temperature',
    t,
    'one or more numbers >= 0',
  );
  const beamSize = options.beamSize ?? 5;
  check(Number.isInteger(beamSize) && beamSize >= 1, 'beamSize', beamSize, 'an integer >= 1');
  const bestOf = options.bestOf ?? 5;
  check(Number.isInteger(bestOf) && bestOf >= 1, 'bestOf', bestOf, 'an integer >= 1');
  const patience = options.patience ?? 1;
  check(Number.isFinite(patience) && patience > 0, 'patience', patience, 'a number > 0');
  const lengthPenalty = options.lengthPenalty ?? 1;
  check(Number.isFinite(lengthPenalty), 'lengthPenalty', lengthPenalty, 'a finite number');
  if (options.maxNewTokens !== undefined) {
    check(
      Number.isInteger(options.maxNewTokens) && options.maxNewTokens >= 1,
      'maxNewTokens',
      options.maxNewTokens,
      'an integer >= 1',
    );
  }
  const withoutTimestamps = options.withoutTimestamps ?? false;
  const s = tokenizer.special;
  const filters: LogitFilter[] = [];
  if (options.suppressBlank ?? true) {
    const blank = defaults.beginSuppressTokens ?? [...tokenizer.encode(' '), s.eot];
    filters.push(new SuppressAtBegin(blank));
  }
  filters.push(new SuppressTokens(suppressedTokens(options, tokenizer, defaults)));
  if (!withoutTimestamps) {
    let maxIndex = defaults.maxInitialTimestampIndex ?? 50;
    if (options.maxInitialTimestamp !== undefined) {
      check(
        Number.isFinite(options.maxInitialTimestamp) && options.maxInitialTimestamp >= 0,
        'maxInitialTimestamp',
        options.maxInitialTimestamp,
        'seconds >= 0',
      );
      maxIndex = Math.round(options.maxInitialTimestamp / 0.02);
    }
    filters.push(
      new ApplyTimestampRules({
        eot: s.eot,
        noTimestamps: s.noTimestamps,
        timestampBegin: s.timestampBegin,
        maxInitialTimestampIndex: maxIndex,
      }),
    );
  }
  return {
    task,
    withoutTimestamps,
    temperatures,
    compressionRatioThreshold:
      options.compressionRatioThreshold === undefined ? 2.4 : options.compressionRatioThreshold,
    logprobThreshold: options.logprobThreshold === undefined ? -1 : options.logprobThreshold,
    noSpeechThreshold: options.noSpeechThreshold === undefined ? 0.6 : options.noSpeechThreshold,
    beamSize,
    patience,
    lengthPenalty,
    bestOf,
    seed: options.seed,
    maxNewTokens: options.maxNewTokens,
    filters,
  };
}

/** openai/whisper's skip test: the window is silence (no text is kept from it). */
export function isSilentWindow(r: { avgLogprob: number; noSpeechProb: number }, o: ResolvedOptions): boolean {
  if (o.noSpeechThreshold === null || !(r.noSpeechProb > o.noSpeechThreshold)) return false;
  return !(o.logprobThreshold !== null && r.avgLogprob > o.logprobThreshold);
}

/** openai/whisper's fallback test: too repetitive or too improbable, unless it is silence. */
export function needsFallback(
  r: { compressionRatio: number; avgLogprob: number; noSpeechProb: number },
  o: ResolvedOptions,
): boolean {
  let retry = false;
  if (o.compressionRatioThreshold !== null && r.compressionRatio > o.compressionRatioThreshold) retry = true;
  if (o.logprobThreshold !== null && r.avgLogprob < o.logprobThreshold) retry = true;
  if (
    o.noSpeechThreshold !== null &&
    o.logprobThreshold !== null &&
    r.noSpeechProb > o.noSpeechThreshold &&
    r.avgLogprob < o.logprobThreshold
  )
    retry = false;
  return retry;
}
