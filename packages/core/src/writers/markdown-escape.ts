/**
 * Escaping spoken text for Markdown (CommonMark / markdown-it as in VS Code's preview), so a
 * transcript cannot inject HTML, links, images, headings, lists, tables, math or emphasis:
 * - everywhere: \ ` * [ ] < > | ~ $ & # get a backslash; `_` too, unless between two letters or
 *   digits (intraword `_` never makes emphasis, so SPEAKER_00 stays readable);
 * - `://` and `www.` are broken with an escape so they are not auto-linked;
 * - at the start of a line, - + = and the `.` or `)` after leading digits are escaped (lists,
 *   setext headings);
 * - line breaks become spaces (a paragraph stays one line); whitespace at the ends is trimmed.
 * Bare domain names ("example.com") may still be auto-linked by a viewer with fuzzy linkify;
 * such a link shows its own target as text.
 */
import { pyStrip, toOneLine } from './text.js';

const ALWAYS = /[\\`*[\]<>|~$&#]/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function escapeMarkdownText(text: string): string {
  const line = pyStrip(toOneLine(text).replace(/\t/g, ' '));
  let out = line.replace(ALWAYS, '\\$&');
  out = out.replace(/_/g, (_m, offset: number, whole: string) =>
    WORD_CHAR.test(whole[offset - 1] ?? '') && WORD_CHAR.test(whole[offset + 1] ?? '') ? '_' : '\\_',
  );
  out = out.replace(/:\/\//g, '\\://').replace(/\b(www)\./gi, '$1\\.');
  return escapeLineStart(out);
}

function escapeLineStart(line: string): string {
  if (/^[-+=]/.test(line)) return `\\${line}`;
  const ordered = /^(\d+)([.)])/.exec(line);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${line.slice(ordered[0].length)}`;
  return line;
}
