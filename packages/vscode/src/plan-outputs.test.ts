import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetVscodeMock, window } from '../test/vscode-mock.js';
import { decideConflict, KEEP_BOTH, OVERWRITE } from './conflicts.js';
import { placeOutput } from './place-output.js';
import { outputKinds, planOutputs, splitIntoRuns } from './plan-outputs.js';
import { DEFAULT_SETTINGS } from './settings.js';

let dir: string;
beforeEach(() => {
  resetVscodeMock();
  dir = mkdtempSync(path.join(os.tmpdir(), 'wx-plan-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('overwrite prompt', () => {
  it('does not ask when no target exists', async () => {
    expect(await decideConflict('/m/a.wav', [path.join(dir, 'a.transcript.md')])).toBe('write');
    expect(window.showWarningMessage).not.toHaveBeenCalled();
  });

  it('asks in a modal with Overwrite / Keep Both, and Cancel skips the file', async () => {
    const target = path.join(dir, 'a.transcript.md');
    writeFileSync(target, 'old');
    window.showWarningMessage.mockResolvedValueOnce(OVERWRITE);
    expect(await decideConflict('/m/a.wav', [target])).toBe('overwrite');
    const [message, options, ...buttons] = window.showWarningMessage.mock.calls[0]!;
    expect(message).toBe('"a.transcript.md" already exists. Replace it?');
    expect(options).toMatchObject({ modal: true });
    expect(buttons).toEqual(['Overwrite', 'Keep Both']);
    window.showWarningMessage.mockResolvedValueOnce(KEEP_BOTH);
    expect(await decideConflict('/m/a.wav', [target])).toBe('keep-both');
    window.showWarningMessage.mockResolvedValueOnce(undefined); // Cancel / Escape
    expect(await decideConflict('/m/a.wav', [target])).toBe('skip');
  });
});

describe('planOutputs', () => {
  const settings = { ...DEFAULT_SETTINGS };

  it('plans the Markdown path beside each media file and drops skipped files', async () => {
    const decide = vi.fn(async (media: string) => (media.endsWith('b.wav') ? ('skip' as const) : ('write' as const)));
    const plan = await planOutputs(['/m/a.wav', '/m/b.wav'], {
      kind: 'markdown',
      settings,
      workspaceFolderOf: () => '/m',
      decide,
    });
    expect(plan).toEqual([{ media: '/m/a.wav', targets: { md: path.resolve('/m/a.transcript.md') }, choice: 'write' }]);
  });

  it('plans srt and vtt for subtitles, one question per media file', async () => {
    expect(outputKinds('subtitles', { ...settings, subtitleFormat: 'vtt' })).toEqual(['vtt']);
    const decide = vi.fn(async () => 'overwrite' as const);
    const plan = await planOutputs(['/m/talk.mp4'], {
      kind: 'subtitles',
      settings,
      workspaceFolderOf: () => undefined,
      decide,
    });
    expect(plan[0]!.targets).toEqual({ srt: path.resolve('/m/talk.srt'), vtt: path.resolve('/m/talk.vtt') });
    expect(decide).toHaveBeenCalledTimes(1);
    expect(decide.mock.calls[0]).toEqual(['/m/talk.mp4', [path.resolve('/m/talk.srt'), path.resolve('/m/talk.vtt')]]);
  });

  it('never lets two media files of one run overwrite each other', async () => {
    const decide = vi.fn(async () => 'write' as const);
    const plan = await planOutputs(['/m/x/a.wav', '/m/y/a.mp3'], {
      kind: 'markdown',
      settings: { ...settings, outputFolder: 'transcripts' },
      workspaceFolderOf: () => '/m',
      decide,
    });
    expect(plan.map((p) => [p.targets.md, p.choice])).toEqual([
      [path.resolve('/m/transcripts/a.transcript.md'), 'write'],
      [path.resolve('/m/transcripts/a.transcript.md'), 'keep-both'],
    ]);
    expect(decide).toHaveBeenCalledTimes(1);
  });

  it('splits files whose base names collide into separate CLI runs', () => {
    const runs = splitIntoRuns([
      { media: '/a/x.wav' },
      { media: '/b/x.mp4' },
      { media: '/a/y.wav' },
      { media: '/c/X.ogg' },
    ]);
    expect(runs.map((r) => r.map((i) => i.media))).toEqual([['/a/x.wav', '/a/y.wav'], ['/b/x.mp4'], ['/c/X.ogg']]);
  });
});

describe('placeOutput', () => {
  it('moves into a new folder, refuses to clobber, and overwrites when told', async () => {
    const src = path.join(dir, 'tmp', 'a.md');
    mkdirSync(path.dirname(src));
    writeFileSync(src, 'new');
    const target = path.join(dir, 'out', 'a.transcript.md');
    await placeOutput(src, target, 'no-clobber');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(existsSync(src)).toBe(false);

    writeFileSync(src, 'newer');
    await expect(placeOutput(src, target, 'no-clobber')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(existsSync(src)).toBe(true);

    await placeOutput(src, target, 'overwrite');
    expect(readFileSync(target, 'utf8')).toBe('newer');
    expect(readdirSync(path.dirname(target))).toEqual(['a.transcript.md']);
  });
});
