import { describe, expect, it } from 'vitest';
import { isWhisperxError } from '@whisperx-ts/core';
import { transcriptFromJson } from './transcript-json.js';

function problem(parsed: unknown): string {
  try {
    transcriptFromJson('t.json', parsed);
  } catch (error) {
    if (isWhisperxError(error) && error.kind === 'input') return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('transcriptFromJson', () => {
  it.each([
    [[1, 2], 'no "segments" array'],
    [{ segments: [null] }, 'segments[0] is null, expected an object'],
    [{ segments: [{ text: 123 }] }, 'segments[0].text is a number, expected a string'],
    [{ segments: [{ text: 'a', start: 'x' }] }, 'segments[0].start is a string, expected a number'],
    [{ segments: [{ text: 'a', words: 'nope' }] }, 'segments[0].words is a string, expected an array'],
    [{ segments: [{ text: 'a', words: [{ word: 'a' }, null] }] }, 'segments[0].words[1] is null, expected an object'],
    [{ segments: [{ text: 'a', words: [{ word: 5 }] }] }, 'segments[0].words[0].word is a number, expected a string'],
    [{ segments: [{ text: 'a', speaker: { a: 1 } }] }, 'segments[0].speaker is an object, expected a string'],
    [{ segments: [], language: 5 }, 'language is a number, expected a string'],
    [{ segments: [], word_segments: [{ word: 'a', end: [] }] }, 'word_segments[0].end is an array, expected a number'],
  ])('%j -> %s', (parsed, message) => {
    expect(problem(parsed)).toBe(`"t.json": ${message}: not a WhisperX JSON transcript.`);
  });

  it('accepts WhisperX JSON, with null text and times, and fills the language', () => {
    const t = transcriptFromJson('t.json', {
      segments: [
        { text: null, start: null },
        { text: ' hi', start: 1, end: 2, speaker: 'SPEAKER_00', words: [{ word: 'hi', start: 1, end: 2, score: 0.9 }] },
      ],
    });
    expect(t.language).toBe('en');
    expect(t.segments.map((s) => s.text)).toEqual(['', ' hi']);
    expect(t.segments[1].words).toHaveLength(1);
  });
});
