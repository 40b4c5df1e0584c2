/**
 * Disk full while writing outputs. Two ways, both always attempted:
 *  - the real CLI writing into a 16 KiB tmpfs that is already full (needs CAP_SYS_ADMIN to mount;
 *    where mounting is refused the case reports so and the injected test below still runs);
 *  - writeTranscript in process with a file system whose writes fail with ENOSPC part-way.
 * Either way: one line naming "disk full (ENOSPC)", previous outputs byte-identical, no temp file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWhisperxError, writeTranscript } from '@whisperx-ts/core';
import type { AtomicWriteFs } from '../../packages/core/src/writers/atomic-write.js';
import { runCli } from '../helpers/cli.js';
import { kitPath } from '../helpers/kit.js';
import { DISK_FULL_CASE, media } from './cases.js';

const root = mkdtempSync(path.join(tmpdir(), 'wx-full-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const enospc = (): NodeJS.ErrnoException =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** Real fs; the `failAt`-th file opened gets a partial write then ENOSPC. */
function fullAfter(failAt: number): AtomicWriteFs {
  let opened = 0;
  return {
    ...nodeFs,
    open: (async (file: string, flags: string) => {
      const handle = await nodeFs.open(file, flags);
      if (++opened < failAt) return handle;
      return Object.assign(Object.create(handle), {
        writeFile: async (text: string) => {
          await handle.writeFile(text.slice(0, 2));
          throw enospc();
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      });
    }) as typeof nodeFs.open,
  };
}

const transcript = { language: 'en', segments: [{ start: 0, end: 1.5, text: ' New text.' }] };

describe('disk full', () => {
  it.each([1, 3, 6])('injected ENOSPC at the %i-th file: old outputs intact, no temp files', async (failAt) => {
    const dir = path.join(root, `inj-${failAt}`);
    mkdirSync(dir);
    for (const ext of ['srt', 'json', 'txt']) writeFileSync(path.join(dir, `talk.${ext}`), `old ${ext}`);
    let error: unknown;
    try {
      await writeTranscript(transcript, { outputDir: dir, baseName: 'talk', formats: 'all' }, fullAfter(failAt));
    } catch (e) {
      error = e;
    }
    expect(isWhisperxError(error) && error.kind).toBe('output');
    expect((error as Error).message).toMatch(DISK_FULL_CASE.expected.stderr);
    expect((error as Error).message).not.toContain('\n');
    expect(readdirSync(dir).sort()).toEqual(['talk.json', 'talk.srt', 'talk.txt']);
    for (const ext of ['srt', 'json', 'txt'])
      expect(readFileSync(path.join(dir, `talk.${ext}`), 'utf8')).toBe(`old ${ext}`);
  });

  it('the CLI on a full tmpfs (mount -t tmpfs -o size=16k)', async (ctx) => {
    const mnt = path.join(root, 'tmpfs');
    mkdirSync(mnt);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt], { encoding: 'utf8' });
    if (mount.status !== 0) {
      // Not root / no CAP_SYS_ADMIN (CI containers): the injected cases above cover the writer.
      ctx.skip(`mount refused: ${mount.stderr.trim()}`);
      return;
    }
    try {
      writeFileSync(path.join(mnt, 'speech-16k-s16.srt'), 'old srt\n');
      // Fill what is left (tmpfs counts whole 4 KiB pages).
      try {
        writeFileSync(path.join(mnt, 'filler'), Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC expected: the filler takes every free page.
      }
      const r = await runCli(
        [
          media('speech-16k-s16.wav'),
          '--model',
          kitPath('whisper-mini'),
          '--no_align',
          '--max_new_tokens',
          '8',
          '-o',
          mnt,
        ],
        {
          env: { HF_HOME: path.join(root, 'hf') },
        },
      );
      expect(r.code).toBe(DISK_FULL_CASE.expected.code);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(DISK_FULL_CASE.expected.stderr);
      expect(readdirSync(mnt).sort()).toEqual(['filler', 'speech-16k-s16.srt']);
      expect(readFileSync(path.join(mnt, 'speech-16k-s16.srt'), 'utf8')).toBe('old srt\n');
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});
