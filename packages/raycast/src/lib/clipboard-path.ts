/**
 * Turns what is on the clipboard into candidate file paths: a file copied in Finder (Raycast
 * gives its file URL, or a path, in `file`) or text that is a path, as people copy them:
 * `~/Movies/talk.mov`, `"/Users/me/My Talk.m4a"`, `/Users/me/My\ Talk.m4a` (from a terminal),
 * `file:///Users/me/My%20Talk.m4a`, or a percent-encoded path. Pure: no file system access;
 * resolve-clipboard-media.ts picks the first candidate that exists.
 */
import { fileURLToPath } from "node:url";
import { isAbsolute, join, normalize } from "node:path";

/** The subset of Raycast's Clipboard.ReadContent used here. */
export interface ClipboardContent {
  /** Text on the clipboard (for a copied file: its name). */
  text?: string;
  /** A copied file: its file URL (`file:///...`) or its path. */
  file?: string;
}

/** What the clipboard holds, before any file system check. */
export type ClipboardParse =
  | { kind: "empty" }
  | { kind: "not-a-path"; text: string }
  /** Candidate paths, most likely first (literal, then decoded and normalized variants). */
  | { kind: "paths"; candidates: string[] };

const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ["\u201c", "\u201d"],
  ["\u2018", "\u2019"],
  ["`", "`"],
];

function stripQuotes(text: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) return text.slice(1, -1).trim();
  }
  return text;
}

/** `/a/My\ File.mp3` (a path escaped for a shell) -> `/a/My File.mp3`. */
function unescapeShell(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function fromFileUrl(text: string): string | undefined {
  try {
    return fileURLToPath(new URL(text));
  } catch {
    return undefined;
  }
}

function expandHome(text: string, home: string): string {
  if (text === "~") return home;
  if (text.startsWith("~/")) return join(home, text.slice(2));
  return text;
}

function pushUnique(list: string[], path: string | undefined): void {
  if (path === undefined || !isAbsolute(path)) return;
  const clean = normalize(path);
  if (!list.includes(clean)) list.push(clean);
}

/** Adds the path and its Unicode NFC/NFD variants (macOS file names may be stored in either). */
function pushWithForms(list: string[], path: string | undefined): void {
  if (path === undefined) return;
  pushUnique(list, path);
  pushUnique(list, path.normalize("NFC"));
  pushUnique(list, path.normalize("NFD"));
}

/** Candidate paths for one string that should be a path or a file URL. */
export function candidatePaths(raw: string, home: string): string[] {
  const text = stripQuotes(raw.trim());
  const out: string[] = [];
  if (/^file:\/\//i.test(text)) {
    pushWithForms(out, fromFileUrl(text));
    return out;
  }
  const expanded = expandHome(text, home);
  pushWithForms(out, expanded);
  if (expanded.includes("\\")) pushWithForms(out, unescapeShell(expanded));
  if (/%[0-9a-fA-F]{2}/.test(expanded)) pushWithForms(out, safeDecode(expanded));
  return out;
}

/**
 * Reads the clipboard content: a copied file wins over text; text must be a single line that
 * is an absolute path, a `~` path or a file URL.
 */
export function parseClipboard(content: ClipboardContent, home: string): ClipboardParse {
  const file = content.file?.trim();
  if (file) {
    const candidates = candidatePaths(file, home);
    if (candidates.length > 0) return { kind: "paths", candidates };
  }
  const text = (content.text ?? "").trim();
  if (!text) return file ? { kind: "not-a-path", text: file } : { kind: "empty" };
  if (/[\r\n]/.test(text)) return { kind: "not-a-path", text };
  const candidates = candidatePaths(text, home);
  return candidates.length > 0 ? { kind: "paths", candidates } : { kind: "not-a-path", text };
}
