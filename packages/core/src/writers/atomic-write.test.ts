import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDir, removeStaleTemps } from './atomic-write.js';
import { writeTranscript } from './write-transcript.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wx-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensureDir', () => {
  it('creates missing parents and accepts an existing folder', async () => {
    await ensureDir(path.join(dir, 'a', 'b', 'c'));
    await ensureDir(path.join(dir, 'a', 'b', 'c'));
    expect(await readdir(path.join(dir, 'a', 'b'))).toEqual(['c']);
  });

  it('ends with ENOENT under /proc, where recursive mkdir spins for ever', async () => {
    const error = await ensureDir('/proc/whisperx-ensure-dir-test/x').catch((e: NodeJS.ErrnoException) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('ENOTDIR when a part of the path is a file', async () => {
    await writeFile(path.join(dir, 'f'), 'x');
    const error = await ensureDir(path.join(dir, 'f', 'sub')).catch((e: NodeJS.ErrnoException) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTDIR');
  });

  it('writeTranscript into /proc fails as an output error instead of hanging', async () => {
    const error = await writeTranscript(
      { language: 'en', segments: [] },
      { outputDir: '/proc/whisperx-write-test', baseName: 'x', formats: ['txt'] },
    ).catch((e: Error & { kind?: string }) => e);
    expect((error as { kind?: string }).kind).toBe('output');
  });
});

describe('removeStaleTemps', () => {
  it('removes temp files of gone processes for the given targets only', async () => {
    const target = path.join(dir, 'talk.srt');
    const dead = '.talk.srt.999999999.0123456789ab.tmp';
    const alive = `.talk.srt.${process.pid}.0123456789ab.tmp`;
    const other = '.other.srt.999999999.0123456789ab.tmp';
    const notOurs = '.talk.srt.backup';
    for (const f of [dead, alive, other, notOurs]) await writeFile(path.join(dir, f), 'x');
    expect(await removeStaleTemps([target])).toEqual([path.join(dir, dead)]);
    expect((await readdir(dir)).sort()).toEqual([alive, other, notOurs].sort());
  });

  it('ignores a folder that does not exist', async () => {
    expect(await removeStaleTemps([path.join(dir, 'nope', 'x.srt')])).toEqual([]);
  });
});

describe('writeTranscript with a folder in a target place', () => {
  it('refuses before replacing any format', async () => {
    const { mkdir, readFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'talk.txt'), 'old txt');
    await mkdir(path.join(dir, 'talk.srt'));
    const error = await writeTranscript(
      { language: 'en', segments: [{ start: 0, end: 1, text: ' new' }] },
      { outputDir: dir, baseName: 'talk', formats: 'all' },
    ).catch((e: Error & { kind?: string }) => e);
    expect((error as { kind?: string }).kind).toBe('output');
    expect((error as Error).message).toMatch(/talk\.srt: a folder with that name exists \(EISDIR\)/);
    expect(await readFile(path.join(dir, 'talk.txt'), 'utf8')).toBe('old txt');
    expect((await readdir(dir)).sort()).toEqual(['talk.srt', 'talk.txt']);
  });
});
