import { describe, expect, it, vi } from 'vitest';
import type { CliFlags } from '../flags.js';

const calls: string[][] = [];
vi.mock('@whisperx-ts/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@whisperx-ts/core')>();
  return {
    ...core,
    /** Fake pipeline: files named bad* fail at decode with an input error; model* fails at load. */
    transcribeFiles: async (
      files: string[],
      _o: unknown,
      cb: { onProgress?: (e: { file: string }) => void; onFileDone?: (d: unknown) => Promise<void> },
    ) => {
      calls.push([...files]);
      if (files.some((f) => f.includes('model'))) throw new core.WhisperxError('model', 'model missing');
      for (const file of files) {
        cb.onProgress?.({ file });
        if (file.includes('bad')) throw new core.WhisperxError('input', `${file}: not audio`);
        await cb.onFileDone?.({ file, duration: 1, result: { segments: [], language: 'en' } });
      }
    },
  };
});
vi.mock('../batch-record.js', () => ({ writeRecord: async () => undefined }));
vi.mock('../run-helpers.js', () => ({ writeOutputs: async (_f: unknown, file: string) => [`${file}.txt`] }));

const { runJobGroup, JobGrouper, groupKey } = await import('./job-group.js');

function job(file: string, results: Record<string, string>) {
  return {
    file,
    outputDir: '/out',
    flags: { model: 'tiny', output_dir: '/out' } as CliFlags,
    key: 'k',
    done: (outputs: string[]) => (results[file] = `done ${outputs.join(',')}`),
    fail: (e: unknown) => (results[file] = `failed ${(e as Error).message}`),
  };
}

describe('worker job groups', () => {
  it('run together; a bad file fails only its job and the rest run again without it', async () => {
    calls.length = 0;
    const results: Record<string, string> = {};
    await runJobGroup(
      ['a', 'bad1', 'b', 'bad2', 'c'].map((f) => job(f, results)),
      {},
      () => undefined,
    );
    expect(results).toEqual({
      a: 'done a.txt',
      bad1: 'failed bad1: not audio',
      b: 'done b.txt',
      bad2: 'failed bad2: not audio',
      c: 'done c.txt',
    });
    expect(calls).toEqual([['a', 'bad1', 'b', 'bad2', 'c'], ['b', 'bad2', 'c'], ['c']]);
  });

  it('an error no file caused fails every job left', async () => {
    const results: Record<string, string> = {};
    await runJobGroup(
      ['x', 'model-y'].map((f) => job(f, results)),
      {},
      () => undefined,
    );
    expect(results).toEqual({ x: 'failed model missing', 'model-y': 'failed model missing' });
  });

  it('the grouper gathers jobs of equal options into one pass, one file per pass', async () => {
    calls.length = 0;
    const results: Record<string, string> = {};
    const grouper = new JobGrouper(() => undefined, 10);
    const settled = new Promise<void>((resolve) => {
      const all = ['p', 'q', 'p', 'r'].map((f) => job(f, results));
      let left = all.length;
      for (const j of all) {
        const done = j.done;
        j.done = (o) => (done(o), --left === 0 && resolve(), '');
        grouper.submit(j, {});
      }
    });
    await settled;
    expect(calls).toEqual([['p', 'q', 'r'], ['p']]);
    expect(groupKey({ model: 'a', output_dir: '/1' } as CliFlags, {})).toBe(
      groupKey({ model: 'a', output_dir: '/2' } as CliFlags, {}),
    );
    expect(groupKey({ model: 'a' } as CliFlags, {})).not.toBe(groupKey({ model: 'b' } as CliFlags, {}));
  });
});
