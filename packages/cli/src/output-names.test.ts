import { describe, expect, it } from 'vitest';
import { outputNameClashes } from './run.js';

describe('outputNameClashes', () => {
  it('finds distinct inputs writing the same base name', () => {
    expect(outputNameClashes(['a/talk.mp3', 'b/talk.wav', 'c/other.mp3'], 'linux')).toHaveLength(1);
    expect(outputNameClashes(['a/talk.mp3', 'b/talk.wav', 'c/talk'], 'linux')).toHaveLength(2);
    expect(outputNameClashes(['a/talk.mp3', 'a/talk.mp3'], 'linux')).toEqual([]); // the same file twice
    expect(outputNameClashes(['a/talk.mp3', 'a/talk.tar.mp3'], 'linux')).toEqual([]);
  });

  it('folds case where file systems usually do', () => {
    expect(outputNameClashes(['Talk.mp3', 'x/talk.wav'], 'linux')).toEqual([]);
    expect(outputNameClashes(['Talk.mp3', 'x/talk.wav'], 'darwin')).toHaveLength(1);
    expect(outputNameClashes(['Talk.mp3', 'x/talk.wav'], 'win32')).toHaveLength(1);
  });
});
