import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalDataError, hypothesesFor, readEvalList } from './eval-data.js';

function list(content: string, files: string[] = []): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evaldata-'));
  for (const f of files) writeFileSync(path.join(dir, f), 'x');
  const file = path.join(dir, 'list.tsv');
  writeFileSync(file, content);
  return file;
}

describe('readEvalList', () => {
  it('reads rows relative to the list, skipping blanks and comments', () => {
    const file = list('# comment\n\na.wav\tHello there.\nsub/../b.wav\t\n', ['a.wav', 'b.wav']);
    const rows = readEvalList(file, true);
    expect(rows.map((r) => [path.basename(r.file), r.text, r.line])).toEqual([
      ['a.wav', 'Hello there.', 3],
      ['b.wav', '', 4],
    ]);
  });

  it('names the row of a missing file, a row without a tab, an empty path and a duplicate', () => {
    expect(() => readEvalList(list('a.wav\thi\nmissing.wav\tyo\n', ['a.wav']), true)).toThrow(
      /list\.tsv:2: missing\.wav does not exist/,
    );
    expect(() => readEvalList(list('a.wav hi\n', ['a.wav']), true)).toThrow(
      /list\.tsv:1: expected "path<TAB>text", found no tab/,
    );
    expect(() => readEvalList(list('\thi\n'), false)).toThrow(/found an empty path/);
    expect(() => readEvalList(list('a.wav\thi\n./a.wav\tho\n', ['a.wav']), true)).toThrow(
      /:2: \.\/a\.wav is listed twice \(first on line 1\)/,
    );
    expect(() => readEvalList(list('# only a comment\n'), false)).toThrow(EvalDataError);
  });

  it('pairs hypotheses with every reference row', () => {
    const refs = readEvalList(list('a.wav\thi\nb.wav\tyo\n', ['a.wav', 'b.wav']), true);
    const dir = path.dirname(refs[0].file);
    const hyp = path.join(dir, 'hyp.tsv');
    writeFileSync(hyp, 'a.wav\thello\nb.wav\t\n');
    expect([...hypothesesFor(refs, hyp).values()]).toEqual(['hello', '']);
    writeFileSync(hyp, 'a.wav\thello\n');
    expect(() => hypothesesFor(refs, hyp)).toThrow(/hyp\.tsv: no hypothesis for .*b\.wav \(reference list line 2\)/);
  });
});
