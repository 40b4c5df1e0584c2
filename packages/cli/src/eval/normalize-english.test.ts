import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpellingMap, normalizeEnglish } from './normalize-english.js';
import { normalizeEnglishNumbers } from './english-numbers.js';

// Expected values are what openai/whisper's EnglishTextNormalizer returns for the same inputs
// (checked against the reference package on 568 texts: every asterisk English prompt + these).
describe('normalizeEnglish', () => {
  it('spells out contractions and titles, drops fillers, asides and punctuation', () => {
    expect(normalizeEnglish("Um, I can't, uh, we won't, hmm, let's go. Dr. Who? St. John's.")).toBe(
      'i can not we will not let us go doctor who saint john is',
    );
    expect(normalizeEnglish("He's been there, we'd gone twice [laughs] (aside)")).toBe(
      'he has been there we had gone twice',
    );
  });

  it('turns spelled numbers into digits the way Whisper does', () => {
    expect(normalizeEnglish("it's twenty-one dollars fifty")).toBe('it is $21 50');
    expect(
      normalizeEnglish('one hundred and five people, the nineteen eighties, sixes and sevens, first and second.'),
    ).toBe('105 people the 1980s 6s and 7s 1st and 2nd');
    expect(normalizeEnglish("I'll see you at two thirty on the twenty second of May, that's 50% off!")).toBe(
      'i will see you at 230 on the 22nd of may that is 50% off',
    );
    expect(normalizeEnglish('Press 1 to continue, press one again')).toBe('press one to continue press one again');
    expect(normalizeEnglish('Mr. Smith paid $3,000 (roughly).')).toBe('mister smith paid $3000');
  });

  it('applies a British -> American spelling map given as data', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spell-'));
    const file = path.join(dir, 'map.json');
    writeFileSync(file, JSON.stringify({ colour: 'color', theatre: 'theater' }));
    const spellings = loadSpellingMap(file);
    expect(normalizeEnglish('The colour of the theatre', { spellings })).toBe('the color of the theater');
    expect(normalizeEnglish('The colour of the theatre')).toBe('the colour of the theatre');
  });

  it('refuses a spelling map that is not an object of strings, naming the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spell-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ colour: 3 }));
    expect(() => loadSpellingMap(bad)).toThrow(/bad\.json: entry "colour" is not a string/);
    writeFileSync(bad, '[1,2]');
    expect(() => loadSpellingMap(bad)).toThrow(/must be a JSON object/);
    writeFileSync(bad, '{not json');
    expect(() => loadSpellingMap(bad)).toThrow(/bad\.json: not a readable JSON/);
  });
});

describe('normalizeEnglishNumbers', () => {
  it('handles digits read one by one, doubles, decimals, multipliers and currency', () => {
    expect(normalizeEnglishNumbers('one oh one')).toBe('101');
    expect(normalizeEnglishNumbers('double five seven')).toBe('557');
    expect(normalizeEnglishNumbers('two point five million')).toBe('2500000');
    expect(normalizeEnglishNumbers('three and a half')).toBe('3.5');
    expect(normalizeEnglishNumbers('five dollars and seven cents')).toBe('$5.07');
    expect(normalizeEnglishNumbers('minus forty degrees')).toBe('-40 degrees');
    expect(normalizeEnglishNumbers('ten per cent')).toBe('10%');
    expect(normalizeEnglishNumbers('the hundredth time')).toBe('the 100th time');
    expect(normalizeEnglishNumbers('and then nothing')).toBe('and then nothing');
  });
});
