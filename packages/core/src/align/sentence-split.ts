/**
 * A small punctuation-based sentence splitter standing in for NLTK Punkt (which WhisperX uses
 * through `span_tokenize`). Spans follow Punkt's conventions: the first sentence starts at index
 * 0 (leading whitespace included), a sentence ends right after its terminal punctuation and any
 * closing quotes/brackets, the next one starts at its first non-space character, and the last
 * ends at the end of the right-trimmed text. Indices are code-point indices.
 *
 * A break happens after '.', '!', '?' or '…' followed by whitespace when the next word does not
 * start with a lower-case letter and the word before '.' is not an abbreviation ("Mr.", "e.g.",
 * single-letter initials). Full-width terminators (。！？) break without needing a space.
 */

/** Sentence span [start, end) in code points. */
export type SentenceSpan = [number, number];

/** Abbreviations that do not end a sentence (lower case, without the final '.'). */
export const DEFAULT_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'cf',
  'al',
  'approx',
  'inc',
  'ltd',
  'co',
  'corp',
  'no',
  'vol',
  'fig',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'gov',
  'sen',
  'rep',
  'rev',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'a.m',
  'p.m',
  'mme',
  'mlle',
  'hr',
  'fr',
  'bzw',
  'usw',
  'z.b',
  'dh',
  'sra',
  'sres',
  'ud',
  'uds',
]);

export interface SentenceSplitOptions {
  /** Words (lower case, no final '.') after which '.' does not end a sentence. Default DEFAULT_ABBREVIATIONS. */
  abbreviations?: ReadonlySet<string>;
}

const TERMINAL = new Set(['.', '!', '?', '…']);
const WIDE_TERMINAL = new Set(['。', '！', '？', '｡']);
const CLOSING = new Set(['"', "'", ')', ']', '}', '»', '”', '’', '」', '』', '）']);
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);
const isLower = (c: string): boolean => c !== c.toUpperCase() && c === c.toLowerCase();

/** The word (non-space run) ending at index `end` (exclusive), lower-cased, without trailing '.'. */
function wordBefore(chars: readonly string[], end: number): string {
  let s = end;
  while (s > 0 && !isSpace(chars[s - 1])) s--;
  let w = chars.slice(s, end).join('');
  w = w.replace(/^[("'[{«“‘]+/u, '');
  return w.toLowerCase();
}

function isAbbreviation(word: string, abbreviations: ReadonlySet<string>): boolean {
  if (abbreviations.has(word)) return true;
  // single letters ("J. F. Kennedy") and dotted initialisms ("U.S.A")
  return /^\p{L}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word);
}

/** Sentence spans of `text` (code-point indices). */
export function sentenceSpans(text: string | readonly string[], options: SentenceSplitOptions = {}): SentenceSpan[] {
  const chars = typeof text === 'string' ? Array.from(text) : text;
  const abbreviations = options.abbreviations ?? DEFAULT_ABBREVIATIONS;
  let stop = chars.length;
  while (stop > 0 && isSpace(chars[stop - 1])) stop--;
  const spans: SentenceSpan[] = [];
  let start = 0;
  let i = 0;
  while (i < stop) {
    const c = chars[i];
    const wide = WIDE_TERMINAL.has(c);
    if (!TERMINAL.has(c) && !wide) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < stop && (TERMINAL.has(chars[end]) || WIDE_TERMINAL.has(chars[end]))) end++;
    while (end < stop && CLOSING.has(chars[end])) end++;
    if (end >= stop) break;
    let next = end;
    while (next < stop && isSpace(chars[next])) next++;
    const spaced = next > end;
    let split = wide ? true : spaced;
    if (split && !wide) {
      if (isLower(chars[next])) split = false;
      else if (c === '.' && end === i + 1 && isAbbreviation(wordBefore(chars, i), abbreviations)) split = false;
    }
    if (split) {
      spans.push([start, end]);
      start = next;
    }
    i = Math.max(end, i + 1);
  }
  if (start < stop) spans.push([start, stop]);
  return spans;
}
