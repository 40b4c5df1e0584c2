import { describe, expect, it } from 'vitest';
import type { WindowResult } from '../whisper/decoding-options.js';
import { windowSegments } from './asr-pipeline.js';

function result(overrides: Partial<WindowResult>): WindowResult {
  return {
    prompt: [],
    tokens: [1],
    endedWithEos: true,
    text: ' you',
    segments: [{ start: 0, end: 30, text: ' you', tokens: [1] }],
    language: 'en',
    sumLogprob: -0.2,
    avgLogprob: -0.1,
    score: -0.1,
    noSpeechProb: 0.95,
    compressionRatio: 1,
    temperature: 0,
    silent: false,
    ...overrides,
  };
}

describe('windowSegments', () => {
  const window = { start: 12, end: 42, segments: [[12, 42]] as [number, number][] };

  // Real Whisper base, VAD off: "you you" on 60 s of digital silence, "music playing" on music.
  it('keeps no text from a window openai/whisper would skip as silence', () => {
    expect(windowSegments(window, result({ silent: true }), true)).toEqual([]);
    expect(windowSegments(window, result({ silent: true }), false)).toEqual([]);
  });

  it('keeps the text of other windows, in original-audio seconds', () => {
    const [seg] = windowSegments(window, result({}), true);
    expect(seg).toMatchObject({ start: 12, end: 42, text: ' you', no_speech_prob: 0.95, avg_logprob: -0.1 });
  });
});
