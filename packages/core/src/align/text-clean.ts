/**
 * WhisperX's per-segment text cleaning for alignment. Characters are Unicode code points (as
 * Python iterates strings), lower-cased and looked up in the model dictionary (whose keys are
 * lower-cased too); a space becomes the word delimiter '|' in languages written with spaces.
 * Leading and trailing whitespace is skipped. A character absent from the dictionary (digits,
 * symbols, other scripts) is kept and mapped to the WILDCARD token, so it still gets a time span
 * (WhisperX's wildcard column). A character that maps to the CTC blank (e.g. '-' in the
 * torchaudio English labels) is also mapped to the wildcard: aligning "to the blank" is meaningless.
 */
import { romanizeChar, type Romanizer } from './romanize.js';
import { WILDCARD } from './trellis.js';

/**
 * Languages written without spaces between words: aligned and split into "words" per
 * character. WhisperX has ["ja", "zh"]; th, lo, my, km and yue are written the same way.
 */
export const LANGUAGES_WITHOUT_SPACES: readonly string[] = ['ja', 'zh', 'th', 'lo', 'my', 'km', 'yue'];

export function isLanguageWithoutSpaces(language: string): boolean {
  return LANGUAGES_WITHOUT_SPACES.includes(language);
}

export interface CleanedText {
  /** The text's code points (indices below refer to this array). */
  chars: string[];
  /** Cleaned characters (lower-case; '|' for spaces between words). */
  cleanChars: string[];
  /** Index in `chars` of each cleaned character (several in a row for a romanised character). */
  cleanIndex: number[];
  /** Token id of each cleaned character (WILDCARD when not in the dictionary). */
  tokens: number[];
  /** Word index of each character of `chars` (WhisperX's word-idx). */
  wordIndex: number[];
}

/** Lower-cased vocabulary: WhisperX's `{char.lower(): id}` (a later duplicate wins). */
export function lowerCaseDictionary(vocab: Record<string, number>): Map<string, number> {
  const dict = new Map<string, number>();
  for (const [k, v] of Object.entries(vocab)) dict.set(k.toLowerCase(), v);
  return dict;
}

function leadingSpaces(chars: string[]): number {
  let n = 0;
  while (n < chars.length && /\s/u.test(chars[n])) n++;
  return n;
}

function trailingSpaces(chars: string[]): number {
  let n = 0;
  while (n < chars.length && /\s/u.test(chars[chars.length - 1 - n])) n++;
  return n;
}

/**
 * Clean one segment's text for a model dictionary and language. With a `romanizer` (the MMS
 * aligner), each character becomes its romanised letters (romanize.ts), all pointing back to it.
 */
export function cleanText(
  text: string,
  dictionary: ReadonlyMap<string, number>,
  language: string,
  blank: number,
  romanizer?: Romanizer,
): CleanedText {
  const chars = Array.from(text);
  const noSpaces = isLanguageWithoutSpaces(language);
  const nLead = leadingSpaces(chars);
  const nTrail = trailingSpaces(chars);
  const cleanChars: string[] = [];
  const cleanIndex: number[] = [];
  const tokens: number[] = [];
  const wordIndex: number[] = [];
  let word = 0;
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i].toLowerCase();
    if (!noSpaces) c = c.replaceAll(' ', '|');
    const inside = i >= nLead && i <= chars.length - nTrail - 1;
    const letters = inside && romanizer && !/\s/u.test(chars[i]) ? romanizeChar(chars[i], dictionary, romanizer) : [];
    if (letters.length > 0) {
      for (const l of letters) {
        const id = dictionary.get(l)!;
        cleanChars.push(l);
        cleanIndex.push(i);
        tokens.push(id === blank ? WILDCARD : id);
      }
    } else if (inside) {
      const id = dictionary.get(c);
      if (id !== undefined) {
        cleanChars.push(c);
        cleanIndex.push(i);
        tokens.push(id === blank ? WILDCARD : id);
      } else if (c !== ' ' && c !== '|') {
        cleanChars.push(c);
        cleanIndex.push(i);
        tokens.push(WILDCARD);
      }
    }
    wordIndex.push(word);
    if (noSpaces || i === chars.length - 1 || chars[i + 1] === ' ') word++;
  }
  return { chars, cleanChars, cleanIndex, tokens, wordIndex };
}
