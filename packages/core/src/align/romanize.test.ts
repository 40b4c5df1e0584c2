import { beforeAll, describe, expect, it } from 'vitest';
import { loadRomanizer, romanizeChar, romanizeText, type Romanizer } from './romanize.js';
import { cleanText } from './text-clean.js';
import { WILDCARD } from './trellis.js';

/** The MMS aligner's labels: four specials, then romanised letters. */
const MMS = ['<blank>', '<pad>', '</s>', '<unk>', ...'aientousrmkldghybpwcvjzf', "'", 'q', 'x'];
const dict = new Map(MMS.map((c, i) => [c, i]));

describe('romanisation for the MMS aligner', () => {
  let r: Romanizer;
  beforeAll(async () => {
    r = await loadRomanizer();
  });

  it('transliterates the scripts the table covers into the vocabulary letters', () => {
    expect(romanizeText('Привет мир', dict, r)).toBe('privet mir');
    expect(romanizeText('こんにちは', dict, r)).toBe('konnichiha');
    expect(romanizeText('日本', dict, r)).toBe('riben');
    expect(romanizeText('مرحبا', dict, r)).toBe('mrhb');
    expect(romanizeText('Ελληνικά', dict, r)).toBe('ellinika');
    expect(romanizeText('안녕', dict, r)).toBe('annyeong');
    expect(romanizeText('Ça va? Déjà!', dict, r)).toBe('ca va deja');
  });

  it('keeps only letters the model knows (punctuation and digits give nothing)', () => {
    expect(romanizeChar('!', dict, r)).toEqual([]);
    expect(romanizeChar('7', dict, r)).toEqual([]);
    expect(romanizeChar('Щ', dict, r)).toEqual(['s', 'h', 'c', 'h']);
  });

  it('maps every romanised letter back to its original character, the rest to the wildcard', () => {
    const c = cleanText(' Щи, да', dict, 'ru', 0, r);
    expect(c.cleanChars.join('')).toBe('shchi,da');
    expect(c.cleanIndex).toEqual([1, 1, 1, 1, 2, 3, 5, 6]);
    expect(c.tokens[4]).not.toBe(WILDCARD);
    expect(c.tokens[5]).toBe(WILDCARD);
    // no word delimiter in the vocabulary: spaces are not aligned, words still split on them
    expect(c.wordIndex).toEqual([0, 0, 0, 0, 1, 1, 1]);
    // without romanisation the Cyrillic letters are all wildcards
    expect(cleanText(' Щи', dict, 'ru', 0).tokens).toEqual([WILDCARD, WILDCARD]);
  });
});
