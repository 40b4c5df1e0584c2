import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchOutputDir, readBatchSource } from './batch-inputs.js';

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wx-batch-inputs-'));
  mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
  mkdirSync(path.join(root, '.hidden'));
  for (const f of ['b.mp3', 'a.wav', 'notes.txt', 'sub/c.m4a', 'sub/deeper/d.flac', '.hidden/e.wav', '.f.wav']) {
    writeFileSync(path.join(root, f), 'x');
  }
  return root;
}

describe('readBatchSource', () => {
  it("takes a folder's media files in name order, subfolders only with recursive, skipping dot entries", async () => {
    const root = tree();
    expect((await readBatchSource(root, { recursive: false })).files.map((f) => path.relative(root, f))).toEqual([
      'a.wav',
      'b.mp3',
    ]);
    const deep = await readBatchSource(root, { recursive: true });
    expect(deep.root).toBe(root);
    expect(deep.files.map((f) => path.relative(root, f))).toEqual(['a.wav', 'b.mp3', 'sub/c.m4a', 'sub/deeper/d.flac']);
  });

  it('reads a list: comments and blanks skipped, relative to the list, duplicates once', async () => {
    const root = tree();
    const list = path.join(root, 'list.txt');
    writeFileSync(list, `# header\n a.wav \r\n\nsub/c.m4a\na.wav\n${path.join(root, 'b.mp3')}\n`);
    const source = await readBatchSource(list, { recursive: false });
    expect(source.root).toBe(root);
    expect(source.files).toEqual([path.join(root, 'a.wav'), path.join(root, 'sub/c.m4a'), path.join(root, 'b.mp3')]);
  });

  it('refuses a missing source, an empty list and a folder without media, saying what to do', async () => {
    const root = tree();
    await expect(readBatchSource(path.join(root, 'missing.txt'), { recursive: false })).rejects.toThrow(
      /no such file or folder\. Give a list file/,
    );
    writeFileSync(path.join(root, 'empty.txt'), '# nothing\n\n');
    await expect(readBatchSource(path.join(root, 'empty.txt'), { recursive: false })).rejects.toThrow(/names no files/);
    mkdirSync(path.join(root, 'outer', 'inner'), { recursive: true });
    writeFileSync(path.join(root, 'outer', 'inner', 'z.wav'), 'x');
    await expect(readBatchSource(path.join(root, 'outer'), { recursive: false })).rejects.toThrow(/add --recursive/);
  });
});

describe('batchOutputDir', () => {
  it('mirrors the folder below the root; flat outside it or without a root', () => {
    expect(batchOutputDir('/r/a.wav', 'out', '/r')).toBe('out');
    expect(batchOutputDir('/r/x/y/a.wav', 'out', '/r')).toBe(path.join('out', 'x', 'y'));
    expect(batchOutputDir('/elsewhere/a.wav', 'out', '/r')).toBe('out');
    expect(batchOutputDir('/r/x/a.wav', 'out')).toBe('out');
  });
});
