/**
 * Evaluation lists: a TSV of `path<TAB>reference` rows (paths relative to the list's folder; blank
 * lines and `#` comments skipped), and hypothesis lists of the same shape for scoring another
 * system's output. Every problem names the row and the fix.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface EvalRow {
  /** 1-based line number in the list. */
  line: number;
  /** Absolute path of the media file. */
  file: string;
  /** The text as written in the list. */
  text: string;
}

export class EvalDataError extends Error {}

/** Parse a `path<TAB>text` list; `checkFiles` also requires each path to be an existing file. */
export function readEvalList(listFile: string, checkFiles: boolean): EvalRow[] {
  let content: string;
  try {
    content = readFileSync(listFile, 'utf8');
  } catch (error) {
    throw new EvalDataError(
      `${listFile}: cannot read the list (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
  const base = path.dirname(path.resolve(listFile));
  const rows: EvalRow[] = [];
  const seen = new Map<string, number>();
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const tab = raw.indexOf('\t');
    if (tab <= 0)
      throw new EvalDataError(
        `${listFile}:${line}: expected "path<TAB>text", found ${tab === 0 ? 'an empty path' : 'no tab'}.`,
      );
    const rel = raw.slice(0, tab).trim();
    const text = raw.slice(tab + 1).trim();
    const file = path.resolve(base, rel);
    if (seen.has(file))
      throw new EvalDataError(`${listFile}:${line}: ${rel} is listed twice (first on line ${seen.get(file)}).`);
    seen.set(file, line);
    if (checkFiles && !(existsSync(file) && statSync(file).isFile()))
      throw new EvalDataError(`${listFile}:${line}: ${rel} does not exist (paths are relative to the list's folder).`);
    rows.push({ line, file, text });
  });
  if (rows.length === 0) throw new EvalDataError(`${listFile}: no rows (expected "path<TAB>text" lines).`);
  return rows;
}

/** Hypotheses by absolute file path; every reference row must have one. */
export function hypothesesFor(rows: readonly EvalRow[], hypFile: string): Map<string, string> {
  const hyps = new Map(readEvalListLoose(hypFile).map((r) => [r.file, r.text]));
  for (const row of rows) {
    if (!hyps.has(row.file))
      throw new EvalDataError(`${hypFile}: no hypothesis for ${row.file} (reference list line ${row.line}).`);
  }
  return hyps;
}

/** A hypothesis list may hold empty texts (nothing was recognised). */
function readEvalListLoose(listFile: string): EvalRow[] {
  try {
    return readEvalList(listFile, false);
  } catch (error) {
    if (error instanceof EvalDataError && /no rows/.test(error.message)) return [];
    throw error;
  }
}
