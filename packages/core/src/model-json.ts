/** Reading a model's JSON files (config.json, vocab.json, ...) with an error that names the file. */
import { readFileSync } from 'node:fs';
import { WhisperxError } from './errors.js';

export function readModelJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new WhisperxError('model', `${file}: cannot read this JSON file (${reason}).`, { cause });
  }
}
