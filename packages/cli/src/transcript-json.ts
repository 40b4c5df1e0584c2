/**
 * `--from_json` inputs come from anywhere: check their shape before the writers see them, so a
 * malformed file gives one line naming the file and the field instead of a TypeError.
 * Accepted: WhisperX's JSON (segments with text/start/end, optional words, chars, speaker);
 * `text: null` counts as empty, times may be null or missing (the writers normalise them).
 */
import { WhisperxError, type TranscriptResult } from '@whisperx-ts/core';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isTime = (v: unknown): boolean => v === undefined || v === null || typeof v === 'number';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problem with one timed item (word or char), or undefined. */
function itemProblem(item: unknown, where: string, textKey: 'word' | 'char'): string | undefined {
  if (!isRecord(item)) return `${where} is ${describe(item)}, expected an object`;
  if (typeof item[textKey] !== 'string') return `${where}.${textKey} is ${describe(item[textKey])}, expected a string`;
  for (const key of ['start', 'end', 'score'] as const) {
    if (!isTime(item[key])) return `${where}.${key} is ${describe(item[key])}, expected a number`;
  }
  if (item.speaker !== undefined && typeof item.speaker !== 'string')
    return `${where}.speaker is ${describe(item.speaker)}, expected a string`;
  return undefined;
}

function segmentProblem(segment: unknown, where: string): string | undefined {
  if (!isRecord(segment)) return `${where} is ${describe(segment)}, expected an object`;
  if (segment.text !== undefined && segment.text !== null && typeof segment.text !== 'string') {
    return `${where}.text is ${describe(segment.text)}, expected a string`;
  }
  for (const key of ['start', 'end'] as const) {
    if (!isTime(segment[key])) return `${where}.${key} is ${describe(segment[key])}, expected a number`;
  }
  if (segment.speaker !== undefined && segment.speaker !== null && typeof segment.speaker !== 'string') {
    return `${where}.speaker is ${describe(segment.speaker)}, expected a string`;
  }
  for (const [key, textKey] of [
    ['words', 'word'],
    ['chars', 'char'],
  ] as const) {
    const list = segment[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return `${where}.${key} is ${describe(list)}, expected an array`;
    for (let i = 0; i < list.length; i++) {
      const problem = itemProblem(list[i], `${where}.${key}[${i}]`, textKey);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Check a parsed `--from_json` file and return it as a transcript; WhisperxError('input') otherwise. */
export function transcriptFromJson(file: string, parsed: unknown): TranscriptResult {
  const fail = (problem: string): never => {
    throw new WhisperxError('input', `${JSON.stringify(file)}: ${problem}: not a WhisperX JSON transcript.`);
  };
  if (!isRecord(parsed) || !Array.isArray(parsed.segments)) return fail('no "segments" array');
  if (parsed.language !== undefined && parsed.language !== null && typeof parsed.language !== 'string') {
    fail(`language is ${describe(parsed.language)}, expected a string`);
  }
  const segments = parsed.segments as unknown[];
  for (let i = 0; i < segments.length; i++) {
    const problem = segmentProblem(segments[i], `segments[${i}]`);
    if (problem) fail(problem);
  }
  if (parsed.word_segments !== undefined && parsed.word_segments !== null) {
    if (!Array.isArray(parsed.word_segments))
      fail(`word_segments is ${describe(parsed.word_segments)}, expected an array`);
    const words = parsed.word_segments as unknown[];
    for (let i = 0; i < words.length; i++) {
      const problem = itemProblem(words[i], `word_segments[${i}]`, 'word');
      if (problem) fail(problem);
    }
  }
  const clean = (segments as Record<string, unknown>[]).map((s) => ({
    ...s,
    text: typeof s.text === 'string' ? s.text : '',
    ...(s.speaker === null ? { speaker: undefined } : {}),
  }));
  return {
    ...(parsed as unknown as TranscriptResult),
    language: typeof parsed.language === 'string' ? parsed.language : 'en',
    segments: clean as unknown as TranscriptResult['segments'],
  };
}
