/**
 * Whisper's English evaluation normaliser (behaviour of openai/whisper's EnglishTextNormalizer,
 * written here): lower case, asides and fillers removed, contractions and titles spelled out,
 * spelled numbers as digits, British spellings as American ones (from a spelling map given as
 * data: see `loadSpellingMap`), punctuation removed.
 */
import { readFileSync } from 'node:fs';
import { removeAsides, removeSymbols } from './normalize-basic.js';
import { normalizeEnglishNumbers } from './english-numbers.js';

const FILLERS = /\b(hmm|mm|mhm|mmm|uh|um)\b/g;

/** Applied in order; each pattern is a whole-word regular expression. */
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  // common contractions
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\blet's\b/g, 'let us'],
  [/\bain't\b/g, 'aint'],
  [/\by'all\b/g, 'you all'],
  [/\bwanna\b/g, 'want to'],
  [/\bgotta\b/g, 'got to'],
  [/\bgonna\b/g, 'going to'],
  [/\bi'ma\b/g, 'i am going to'],
  [/\bimma\b/g, 'i am going to'],
  [/\bwoulda\b/g, 'would have'],
  [/\bcoulda\b/g, 'could have'],
  [/\bshoulda\b/g, 'should have'],
  [/\bma'am\b/g, 'madam'],
  // titles before names
  [/\bmr\b/g, 'mister '],
  [/\bmrs\b/g, 'missus '],
  [/\bst\b/g, 'saint '],
  [/\bdr\b/g, 'doctor '],
  [/\bprof\b/g, 'professor '],
  [/\bcapt\b/g, 'captain '],
  [/\bgov\b/g, 'governor '],
  [/\bald\b/g, 'alderman '],
  [/\bgen\b/g, 'general '],
  [/\bsen\b/g, 'senator '],
  [/\brep\b/g, 'representative '],
  [/\bpres\b/g, 'president '],
  [/\brev\b/g, 'reverend '],
  [/\bhon\b/g, 'honorable '],
  [/\basst\b/g, 'assistant '],
  [/\bassoc\b/g, 'associate '],
  [/\blt\b/g, 'lieutenant '],
  [/\bcol\b/g, 'colonel '],
  [/\bjr\b/g, 'junior '],
  [/\bsr\b/g, 'senior '],
  [/\besq\b/g, 'esquire '],
  // perfect tenses
  [/'d been\b/g, ' had been'],
  [/'s been\b/g, ' has been'],
  [/'d gone\b/g, ' had gone'],
  [/'s gone\b/g, ' has gone'],
  [/'d done\b/g, ' had done'],
  [/'s got\b/g, ' has got'],
  // general contractions
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'s\b/g, ' is'],
  [/'d\b/g, ' would'],
  [/'ll\b/g, ' will'],
  [/'t\b/g, ' not'],
  [/'ve\b/g, ' have'],
  [/'m\b/g, ' am'],
];

/** British -> American spellings: a JSON object of word -> word. */
export type SpellingMap = Readonly<Record<string, string>>;

/** Read a spelling map (JSON object of strings); the file is data, checked entry by entry. */
export function loadSpellingMap(file: string): SpellingMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a readable JSON spelling map (${(error as Error).message}).`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${file}: a spelling map must be a JSON object of "british": "american" strings.`);
  const map: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw new Error(`${file}: entry "${k}" is not a string.`);
    map[k] = v;
  }
  return map;
}

export interface EnglishNormalizeOptions {
  /** British -> American spellings. Default none (spellings kept). */
  spellings?: SpellingMap;
}

/** Whisper's English normaliser. */
export function normalizeEnglish(text: string, options: EnglishNormalizeOptions = {}): string {
  let s = removeAsides(text.toLowerCase());
  s = s.replace(FILLERS, '');
  s = s.replace(/\s+'/g, "'");
  for (const [pattern, replacement] of REPLACEMENTS) s = s.replace(pattern, replacement);
  s = s.replace(/(\d),(\d)/g, '$1$2');
  s = s.replace(/\.([^0-9]|$)/g, ' $1');
  s = removeSymbols(s, { removeDiacritics: true, keep: '.%$¢€£' });
  s = normalizeEnglishNumbers(s);
  const spellings = options.spellings;
  if (spellings)
    s = s
      .split(' ')
      .map((w) => spellings[w] ?? w)
      .join(' ');
  s = s.replace(/[.$¢€£]([^0-9])/g, ' $1');
  s = s.replace(/([^0-9])%/g, '$1 ');
  return s.replace(/\s+/g, ' ').trim();
}
