/**
 * Text helpers with Python's semantics where WhisperX's output depends on them
 * (`str.strip()`, `len()` in code points), plus the line sanitising the cue formats need.
 */

// Python's str.isspace() set (differs from JS \s: adds \x1c-\x1f and \x85, lacks \ufeff).
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`);

/** Python's `str.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
}

/** Leading whitespace (Python's set) and the rest: WhisperX underlines only the rest. */
export function splitLeadingSpace(text: string): [string, string] {
  const lead = LEADING_SPACE.exec(text)?.[0] ?? '';
  return [lead, text.slice(lead.length)];
}

/** Python's `len()`: code points, not UTF-16 units (an emoji counts 1, not 2). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Line breaks (CR, LF, LS, PS) inside one text become spaces, so a text stays on its line. */
export function toOneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}

/**
 * WhisperX replaces `-->` by `->` in cue text; done until none is left (`--->` would
 * otherwise give `-->` back), since a `-->` in cue text ends the cue for every parser.
 */
export function removeCueArrows(text: string): string {
  let out = text;
  while (out.includes('-->')) out = out.replaceAll('-->', '->');
  return out;
}

/** Tabs become spaces (TSV and Audacity labels are tab-separated), and lines are joined. */
export function toTabFreeLine(text: string): string {
  return toOneLine(text).replace(/\t/g, ' ');
}

/** Languages WhisperX writes without spaces between words. */
export const LANGUAGES_WITHOUT_SPACES: readonly string[] = ['ja', 'zh'];
