/**
 * Text normalisation for word error rates, the way Whisper's evaluation normalises (behaviour of
 * openai/whisper's BasicTextNormalizer, written here): lower case, bracketed and parenthesised
 * asides removed, every mark, symbol and punctuation character replaced by a space, spaces
 * collapsed. Used for every language but English.
 */

/** Characters NFKD does not decompose into ASCII letters, mapped as Whisper's normaliser maps them. */
const ADDITIONAL_DIACRITICS: Readonly<Record<string, string>> = {
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ẞ: 'SS',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'th',
  ł: 'l',
  Ł: 'L',
};

const MARK_SYMBOL_PUNCT = /[\p{M}\p{S}\p{P}]/u;

export interface BasicNormalizeOptions {
  /** Also strip diacritics (é -> e) and fold ligatures. Default false (as Whisper's default). */
  removeDiacritics?: boolean;
  /** Characters kept although they are symbols or punctuation. Default none. */
  keep?: string;
}

/** Replace marks, symbols and punctuation by spaces (NFKC), or strip diacritics too (NFKD). */
export function removeSymbols(text: string, options: BasicNormalizeOptions = {}): string {
  const keep = options.keep ?? '';
  let out = '';
  if (options.removeDiacritics) {
    for (const ch of text.normalize('NFKD')) {
      if (keep.includes(ch)) out += ch;
      else if (ch in ADDITIONAL_DIACRITICS) out += ADDITIONAL_DIACRITICS[ch];
      else if (/\p{Mn}/u.test(ch)) continue;
      else out += MARK_SYMBOL_PUNCT.test(ch) ? ' ' : ch;
    }
    return out;
  }
  for (const ch of text.normalize('NFKC')) out += !keep.includes(ch) && MARK_SYMBOL_PUNCT.test(ch) ? ' ' : ch;
  return out;
}

/** Asides in brackets `[...]`, `<...>` and parentheses `(...)` are not speech. */
export function removeAsides(text: string): string {
  return text.replace(/[<[][^>\]]*[>\]]/g, '').replace(/\(([^)]+?)\)/g, '');
}

/** Whisper's basic normaliser (every language). */
export function normalizeBasic(text: string, options: BasicNormalizeOptions = {}): string {
  const s = removeSymbols(removeAsides(text.toLowerCase()), options);
  return s.replace(/\s+/g, ' ').trim();
}
