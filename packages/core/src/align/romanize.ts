/**
 * Romanisation for the MMS forced aligner, whose vocabulary is romanised lower-case Latin letters
 * (a-z and the apostrophe): each character of the text is transliterated on its own with
 * any-ascii (table-driven Unicode -> ASCII, covering Cyrillic, Arabic, Greek, Hebrew, Devanagari,
 * kana, Han (as pinyin), Hangul, ...), lower-cased and kept to the letters the model knows. Doing
 * it per character keeps the mapping back to the original text exact: every romanised letter
 * belongs to one original character, whose time spans its letters, so words keep their spelling.
 * any-ascii is loaded on first use only (it is not needed unless --align_model mms).
 */

/** Unicode text -> ASCII transliteration (any-ascii's signature). */
export type Romanizer = (text: string) => string;

let loading: Promise<Romanizer> | undefined;

/** any-ascii, imported once. */
export function loadRomanizer(): Promise<Romanizer> {
  loading ??= import('any-ascii').then((m) => m.default);
  return loading;
}

/** The romanised letters of one character that are in `dictionary` (may be empty: punctuation, symbols). */
export function romanizeChar(char: string, dictionary: ReadonlyMap<string, number>, romanizer: Romanizer): string[] {
  const out: string[] = [];
  for (const c of romanizer(char).toLowerCase()) if (dictionary.has(c)) out.push(c);
  return out;
}

/** The romanised form of a whole text (letters the dictionary knows, spaces kept), for display and tests. */
export function romanizeText(text: string, dictionary: ReadonlyMap<string, number>, romanizer: Romanizer): string {
  return Array.from(text, (c) => (/\s/u.test(c) ? ' ' : romanizeChar(c, dictionary, romanizer).join(''))).join('');
}
