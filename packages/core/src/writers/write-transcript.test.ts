import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWhisperxError, type WhisperxError } from '../errors.js';
import type { TranscriptResult } from '../transcript.js';
import { writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';
import { formatTranscript } from './format-transcript.js';
import { writeTranscript } from './write-transcript.js';

const result: TranscriptResult = {
  language: 'en',
  segments: [{ start: 0, end: 1.5, text: ' Hello there.', speaker: 'SPEAKER_00' }],
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wx-writers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** Real fs whose file handle fails while writing, after a partial write reached the disk. */
function failingWriteFs(code: string): AtomicWriteFs {
  return {
    ...nodeFs,
    open: (async (file: string, flags: string) => {
      const handle = await nodeFs.open(file, flags);
      return Object.assign(Object.create(handle), {
        writeFile: async (text: string) => {
          await handle.writeFile(text.slice(0, 3));
          throw fsError(code);
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      });
    }) as typeof nodeFs.open,
  };
}

async function catchError(promise: Promise<unknown>): Promise<WhisperxError> {
  try {
    await promise;
  } catch (error) {
    if (isWhisperxError(error)) return error;
    throw error;
  }
  throw new Error('expected a WhisperxError');
}

describe('writeTranscript', () => {
  it("writes <baseName>.<ext> for each format, creating missing folders, with the formatters' text", async () => {
    const out = path.join(dir, 'a', 'b');
    const paths = await writeTranscript(result, { outputDir: out, baseName: 'talk', formats: ['srt', 'md', 'aud'] });
    expect(paths).toEqual(['srt', 'md', 'aud'].map((ext) => path.join(out, `talk.${ext}`)));
    expect(await readFile(paths[0]!, 'utf8')).toBe(formatTranscript('srt', result));
    expect((await readdir(out)).sort()).toEqual(['talk.aud', 'talk.md', 'talk.srt']);
  });

  it("writes WhisperX's five formats plus md for 'all' and replaces existing files", async () => {
    await writeFile(path.join(dir, 'x.txt'), 'old');
    const paths = await writeTranscript(result, { outputDir: dir, baseName: 'x', formats: 'all' });
    expect(paths.map((p) => path.extname(p))).toEqual(['.txt', '.vtt', '.srt', '.tsv', '.json', '.md']);
    expect(await readFile(path.join(dir, 'x.txt'), 'utf8')).toBe('[SPEAKER_00]: Hello there.\n');
  });

  it('rejects unknown formats and path-like base names before writing anything', async () => {
    const bad = await catchError(
      writeTranscript(result, { outputDir: dir, baseName: 'x', formats: ['srt', 'docx' as 'srt'] }),
    );
    expect(bad.kind).toBe('usage');
    expect(bad.message).toContain('docx');
    const name = await catchError(writeTranscript(result, { outputDir: dir, baseName: '../x', formats: ['srt'] }));
    expect(name.kind).toBe('usage');
    expect(await readdir(dir)).toEqual([]);
  });

  it('names the folder when the output folder is a file', async () => {
    const file = path.join(dir, 'file');
    await writeFile(file, 'x');
    const error = await catchError(writeTranscript(result, { outputDir: file, baseName: 'x', formats: ['txt'] }));
    expect(error.kind).toBe('output');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not a folder/);
  });

  it('leaves no file behind when the disk fills up mid-write, and says so', async () => {
    const error = await catchError(
      writeTranscript(result, { outputDir: dir, baseName: 'x', formats: ['srt'] }, failingWriteFs('ENOSPC')),
    );
    expect(error.kind).toBe('output');
    expect(error.message).toContain(path.join(dir, 'x.srt'));
    expect(error.message).toContain('disk full');
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the previous file intact when writing its replacement fails', async () => {
    const target = path.join(dir, 'x.txt');
    await writeFile(target, 'previous');
    const error = await catchError(writeFileAtomic(target, 'new text', failingWriteFs('EIO')));
    expect(error.kind).toBe('output');
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['x.txt']);
  });

  it('removes the temporary file when the rename fails', async () => {
    const fs: AtomicWriteFs = {
      ...nodeFs,
      rename: async () => {
        throw fsError('EACCES');
      },
    };
    const error = await catchError(writeFileAtomic(path.join(dir, 'x.vtt'), 'WEBVTT\n\n', fs));
    expect(error.message).toMatch(/permission denied \(EACCES\)/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports an unwritable folder clearly', async () => {
    const fs: AtomicWriteFs = {
      ...nodeFs,
      open: (async () => {
        throw fsError('EROFS');
      }) as typeof nodeFs.open,
    };
    const error = await catchError(writeFileAtomic(path.join(dir, 'x.md'), '# x\n', fs));
    expect(error.message).toBe(
      `Cannot write ${path.join(dir, 'x.md')}: ${dir} is on a read-only file system (EROFS). Choose another output folder.`,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
