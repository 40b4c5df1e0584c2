import { describe, expect, it } from 'vitest';
import { sentenceSpans } from './sentence-split.js';

const split = (t: string): string[] => sentenceSpans(t).map(([s, e]) => Array.from(t).slice(s, e).join(''));

describe('sentenceSpans', () => {
  it('keeps one sentence whole, leading space included (as Punkt spans)', () => {
    const t = ' And so my fellow Americans, ask not. ';
    expect(sentenceSpans(t)).toEqual([[0, 37]]);
    expect(split(t)).toEqual([' And so my fellow Americans, ask not.']);
  });

  it('splits after . ! ? followed by a capitalised word', () => {
    expect(split(' Hello there. How are you? Fine! ok')).toEqual([' Hello there.', 'How are you?', 'Fine! ok']);
  });

  it('does not split after abbreviations and initials', () => {
    expect(split(' Mr. Smith met Dr. Jones. They talked.')).toEqual([' Mr. Smith met Dr. Jones.', 'They talked.']);
    expect(split('J. F. Kennedy spoke, e.g. About this. Then left.')).toEqual([
      'J. F. Kennedy spoke, e.g. About this.',
      'Then left.',
    ]);
  });

  it('does not split inside numbers and keeps closing quotes with the sentence', () => {
    expect(split('It costs 3.5 dollars. "Really." He said.')).toEqual([
      'It costs 3.5 dollars.',
      '"Really."',
      'He said.',
    ]);
  });

  it('splits CJK full-width terminators without spaces', () => {
    expect(split('今日は晴れ。明日は雨です。')).toEqual(['今日は晴れ。', '明日は雨です。']);
  });

  it('returns nothing for blank text', () => {
    expect(sentenceSpans('   ')).toEqual([]);
  });
});
