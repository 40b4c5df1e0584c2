import { describe, expect, it } from 'vitest';
import { ENGLISH_DICTIONARY as dict } from './__fixtures__/english-dictionary.js';
import { cleanText, isLanguageWithoutSpaces } from './text-clean.js';
import { WILDCARD } from './trellis.js';

describe('cleanText', () => {
  it('lower-cases, maps spaces to | and skips outer whitespace', () => {
    const c = cleanText('  Hi there ', dict, 'en', 0);
    expect(c.cleanChars.join('')).toBe('hi|there');
    expect(c.cleanIndex[0]).toBe(2);
    expect(c.tokens.slice(0, 3)).toEqual([8, 7, 1]);
  });

  it('keeps digits and symbols as wildcard tokens ("1984", "$5", "50%")', () => {
    const c = cleanText(' In 1984 it cost $5, 50% off', dict, 'en', 0);
    expect(c.cleanChars.join('')).toBe('in|1984|it|cost|$5,|50%|off');
    const wild = c.cleanChars.filter((_, i) => c.tokens[i] === WILDCARD).join('');
    expect(wild).toBe('1984$5,50%');
  });

  it('maps a character equal to the blank label to the wildcard', () => {
    const c = cleanText('well-known', dict, 'en', 0);
    expect(c.tokens[c.cleanChars.indexOf('-')]).toBe(WILDCARD);
  });

  it('counts words by spaces, or per character in languages without spaces', () => {
    expect(cleanText(' ab cd', dict, 'en', 0).wordIndex).toEqual([0, 0, 0, 1, 1, 1]);
    const ja = cleanText('今日は 晴れ', dict, 'ja', 0);
    expect(ja.wordIndex).toEqual([0, 1, 2, 3, 4, 5]);
    // the space is dropped (no '|' in languages without spaces), other characters are wildcards
    expect(ja.cleanChars).toEqual(['今', '日', 'は', '晴', 'れ']);
    expect(ja.tokens.every((t) => t === WILDCARD)).toBe(true);
    expect(isLanguageWithoutSpaces('zh') && isLanguageWithoutSpaces('th') && !isLanguageWithoutSpaces('en')).toBe(true);
  });

  it('indexes code points, not UTF-16 units', () => {
    const c = cleanText('a😀b', dict, 'en', 0);
    expect(c.chars).toEqual(['a', '😀', 'b']);
    expect(c.cleanIndex).toEqual([0, 1, 2]);
  });

  it('gives nothing to align for whitespace-only text', () => {
    expect(cleanText('   ', dict, 'en', 0).tokens).toEqual([]);
  });
});
