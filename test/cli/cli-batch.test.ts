/**
 * `whisperx --batch LIST|FOLDER [--resume]` end to end on the kit's whisper-mini: a failing file
 * is reported and skipped, batch progress on jsonl, a SIGKILLed run resumed without redoing
 * finished files, and option or input changes redoing exactly the files they affect.
 */
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCliLine, type CliBatchEvent, type CliEvent } from '../../packages/cli/src/protocol.js';
import { runCli } from '../helpers/cli.js';
import { kitPath, readKitWav } from '../helpers/kit.js';
import { pcmWav } from '../helpers/wav.js';

const MODEL = ['--model', kitPath('whisper-mini'), '--vad_method', 'none', '--no_align', '--language', 'en'];
const FAST = [...MODEL, '--max_new_tokens', '2', '--output_format', 'txt', '--progress', 'jsonl'];

function events(stderr: string): CliEvent[] {
  return stderr
    .split('\n')
    .map((l) => parseCliLine(l))
    .filter((e): e is CliEvent => e !== undefined);
}
const doneFiles = (stderr: string) =>
  events(stderr)
    .filter((e) => e.type === 'file-done')
    .map((e) => path.basename((e as { file: string }).file))
    .sort();
const lastBatch = (stderr: string) =>
  events(stderr)
    .filter((e): e is CliBatchEvent => e.type === 'batch')
    .at(-1);

function clips(dir: string, names: string[]): string[] {
  mkdirSync(dir, { recursive: true });
  const speech = readKitWav(kitPath('audio/jfk.wav'));
  return names.map((name, i) => {
    const file = path.join(dir, name);
    const start = (1 + i) * 16000;
    writeFileSync(file, pcmWav(16000, { from: speech.subarray(start, start + 16000) }));
    return file;
  });
}

describe('whisperx --batch', () => {
  let root: string;
  let list: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'wx-batch-'));
    clips(path.join(root, 'media'), ['a.wav', 'b.wav', 'c.wav', 'd.wav']);
    writeFileSync(path.join(root, 'media', 'broken.wav'), 'this is not audio\n');
    list = path.join(root, 'list.txt');
    writeFileSync(list, '# archive\nmedia/a.wav\nmedia/broken.wav\n\nmedia/b.wav\nmedia/c.wav\nmedia/d.wav\n');
  });

  it('reports and skips a failing file, finishes the rest, exits 1 with a summary', async () => {
    const out = path.join(root, 'out');
    const r = await runCli(['--batch', list, ...FAST, '-o', out]);
    expect(r.code).toBe(1);
    expect(doneFiles(r.stderr)).toEqual(['a.wav', 'b.wav', 'c.wav', 'd.wav']);
    const batch = lastBatch(r.stderr)!;
    expect(batch).toMatchObject({ filesDone: 4, filesFailed: 1, filesSkipped: 0, filesTotal: 5, audioSecondsTotal: 4 });
    expect(batch.audioSecondsDone).toBe(4);
    const failed = events(r.stderr).find((e) => e.type === 'batch' && e.failed) as CliBatchEvent;
    expect(failed.failed!.file).toContain('broken.wav');
    expect(failed.failed!.message).toMatch(/not an audio or video file/);
    const error = events(r.stderr).find((e) => e.type === 'error');
    expect(error).toMatchObject({ exitCode: 1 });
    expect((error as { message: string }).message).toMatch(/1 of 5 files failed \(broken\.wav\)/);
    const progress = events(r.stderr).filter((e) => e.type === 'progress') as Array<{
      progress: number;
      fileCount?: number;
    }>;
    expect(progress.every((p) => p.fileCount === 5)).toBe(true);
    expect(progress.map((p) => p.progress)).toEqual([...progress.map((p) => p.progress)].sort((a, b) => a - b));
    // Outputs mirror the inputs' folder below the list's folder.
    expect(readdirSync(out)).toEqual(['media']);
    expect(readdirSync(path.join(out, 'media')).sort()).toEqual(
      ['a', 'b', 'c', 'd'].flatMap((n) => [`${n}.txt`, `${n}.whisperx-record.json`]),
    );

    // --resume: nothing is redone; the broken file is reported again.
    const again = await runCli(['--batch', list, ...FAST, '-o', out, '--resume']);
    expect(again.code).toBe(1);
    expect(doneFiles(again.stderr)).toEqual([]);
    expect(lastBatch(again.stderr)).toMatchObject({ filesDone: 0, filesSkipped: 4, filesFailed: 1 });

    // A changed input and a new format redo exactly the files they touch.
    utimesSync(path.join(root, 'media', 'c.wav'), new Date(), new Date(Date.now() - 5000));
    const touched = await runCli(['--batch', list, ...FAST, '-o', out, '--resume']);
    expect(doneFiles(touched.stderr)).toEqual(['c.wav']);
    const shaped = await runCli(['--batch', list, ...FAST, '-o', out, '--resume', '--max_line_width', '20']);
    expect(doneFiles(shaped.stderr)).toEqual(['a.wav', 'b.wav', 'c.wav', 'd.wav']);
    // Options that do not shape the output (threads, progress) redo nothing.
    const same = await runCli([
      '--batch',
      list,
      ...FAST,
      '-o',
      out,
      '--resume',
      '--max_line_width',
      '20',
      '--threads',
      '1',
    ]);
    expect(doneFiles(same.stderr)).toEqual([]);
  }, 120_000);

  it('resumes after SIGKILL doing only what is missing, with nothing partial left', async () => {
    const dir = path.join(root, 'kill');
    const names = ['k1.wav', 'k2.wav', 'k3.wav', 'k4.wav', 'k5.wav', 'k6.wav'];
    clips(dir, names);
    const out = path.join(root, 'kill-out');
    let seen = 0;
    const killed = await runCli(['--batch', dir, ...FAST, '-o', out], {
      onStderr: (chunk, kill) => {
        seen += chunk.split('\n').filter((l) => l.includes('"type":"file-done"')).length;
        if (seen >= 2) kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const before = readdirSync(out).filter((f) => f.endsWith('.whisperx-record.json')).length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(names.length);
    const resumed = await runCli(['--batch', dir, ...FAST, '-o', out, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(doneFiles(resumed.stderr)).toHaveLength(names.length - before);
    expect(lastBatch(resumed.stderr)).toMatchObject({ filesDone: names.length - before, filesSkipped: before });
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    expect(files).toEqual(
      names.flatMap((n) => [n.replace('.wav', '.txt'), n.replace('.wav', '.whisperx-record.json')]).sort(),
    );
  }, 120_000);

  it('takes a folder, mirroring subfolders with --recursive', async () => {
    const dir = path.join(root, 'tree');
    clips(dir, ['top.wav']);
    clips(path.join(dir, 'sub'), ['top.wav']);
    const flat = await runCli(['--batch', dir, ...FAST, '-o', path.join(root, 'tree-flat')]);
    expect(flat.code, flat.stderr).toBe(0);
    expect(doneFiles(flat.stderr)).toEqual(['top.wav']);
    const out = path.join(root, 'tree-out');
    const deep = await runCli(['--batch', dir, '--recursive', ...FAST, '-o', out]);
    expect(deep.code, deep.stderr).toBe(0);
    expect(readdirSync(path.join(out, 'sub')).sort()).toEqual(['top.txt', 'top.whisperx-record.json']);
    expect(readdirSync(out).sort()).toEqual(['sub', 'top.txt', 'top.whisperx-record.json']);
  }, 60_000);

  it('refuses a missing list and --recursive without --batch (exit 2)', async () => {
    const missing = await runCli(['--batch', path.join(root, 'nope.txt'), ...MODEL]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--batch .*nope\.txt: no such file or folder/);
    const rec = await runCli(['a.wav', '--recursive']);
    expect(rec.code).toBe(2);
    expect(rec.stderr).toMatch(/--recursive needs --batch FOLDER/);
  });
});
