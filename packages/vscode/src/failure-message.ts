/**
 * A failed run -> one clear message and the actions that help: Open Settings (for bad
 * settings, models, offline mode), Set Hugging Face Token (for gated models), Show Log.
 */
import type { CliRunResult } from './run-cli.js';

export const OPEN_SETTINGS = 'Open Settings';
export const SHOW_LOG = 'Show Log';
export const SET_TOKEN = 'Set Hugging Face Token';

export type FailureAction = typeof OPEN_SETTINGS | typeof SHOW_LOG | typeof SET_TOKEN;

export interface FailureReport {
  message: string;
  actions: FailureAction[];
}

const KINDS_FIXED_IN_SETTINGS = new Set(['usage', 'model', 'network', 'unavailable']);

function looksLikeAuth(message: string): boolean {
  return /\b(401|403)\b|gated|unauthori[sz]ed|token/i.test(message);
}

/** The report for a run that did not succeed, or undefined when it did (or was cancelled). */
export function describeFailure(result: CliRunResult, what: string): FailureReport | undefined {
  if (result.cancelled) return undefined;
  if (result.spawnError) {
    return {
      message: `WhisperX could not start its worker for ${what}: ${result.spawnError.message}`,
      actions: [SHOW_LOG],
    };
  }
  if (result.exitCode === 0 && result.errors.length === 0) return undefined;
  const error = result.errors[result.errors.length - 1];
  if (error) {
    const actions: FailureAction[] = [];
    if (looksLikeAuth(error.message)) actions.push(SET_TOKEN);
    if (KINDS_FIXED_IN_SETTINGS.has(error.kind) || error.exitCode === 2) actions.push(OPEN_SETTINGS);
    actions.push(SHOW_LOG);
    return { message: `WhisperX failed on ${what}: ${error.message}`, actions };
  }
  const how =
    result.exitSignal !== null
      ? `the worker was stopped by ${result.exitSignal}`
      : `the worker exited with code ${String(result.exitCode)}`;
  // The line that names the problem: the last one mentioning an error, else the last one.
  const last =
    [...result.stderrTail].reverse().find((l) => /error/i.test(l)) ?? result.stderrTail[result.stderrTail.length - 1];
  return {
    message: `WhisperX failed on ${what}: ${how}${last ? ` (${last.replace(/^(whisperx: )?(error: )?/, '')})` : ''}.`,
    actions: result.exitCode === 2 ? [OPEN_SETTINGS, SHOW_LOG] : [SHOW_LOG],
  };
}
