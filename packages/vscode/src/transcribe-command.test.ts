import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as vscode from 'vscode';
import {
  commands,
  progressState,
  quickPickState,
  resetVscodeMock,
  setConfiguration,
  setWorkspaceFolder,
  Uri,
  window,
  workspace,
} from '../test/vscode-mock.js';
import { HF_TOKEN_SECRET } from './hf-token.js';
import { transcribeCommand, type TranscribeDeps } from './transcribe-command.js';

const FAKE_CLI = fileURLToPath(new URL('../test/fake-whisperx-cli.mjs', import.meta.url));
const TOKEN = 'hf_testtokenABCDEFGHIJKLMNOP';

let ws: string;
let tmpRoot: string;
let record: string;
let logLines: string[];

function deps(secrets: Record<string, string> = {}): TranscribeDeps {
  return {
    cliPath: FAKE_CLI,
    runtime: process.execPath,
    tmpRoot,
    secrets: { get: async (k: string) => secrets[k] } as unknown as vscode.SecretStorage,
    log: {
      info: (m) => logLines.push(`info ${m}`),
      warn: (m) => logLines.push(`warn ${m}`),
      error: (m) => logLines.push(`error ${m}`),
      show: vi.fn(),
    },
  };
}

beforeEach(() => {
  resetVscodeMock();
  ws = mkdtempSync(path.join(os.tmpdir(), 'wx-cmd-ws-'));
  tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'wx-cmd-tmp-'));
  record = path.join(tmpRoot, '..', `${path.basename(tmpRoot)}-record.json`);
  logLines = [];
  setWorkspaceFolder(ws);
  setConfiguration({ model: 'tiny', openAfter: 'editor' });
  writeFileSync(path.join(ws, 'jfk.wav'), 'RIFF');
  vi.stubEnv('FAKE_CLI_RECORD', record);
  vi.stubEnv('FAKE_CLI_MODE', 'ok');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(ws, { recursive: true, force: true });
  rmSync(tmpRoot, { recursive: true, force: true });
  rmSync(record, { force: true });
});

const media = () => Uri.file(path.join(ws, 'jfk.wav'));

describe('transcribeCommand', () => {
  it('transcribes the Explorer file into <name>.transcript.md, reports progress, opens it, cleans up', async () => {
    const outcome = await transcribeCommand('markdown', deps(), media(), [media()]);
    const target = path.join(ws, 'jfk.transcript.md');
    expect(outcome).toEqual({ written: [target], cancelled: false, failures: [] });
    expect(readFileSync(target, 'utf8')).toBe('fake md of jfk.wav\n');
    expect(readdirSync(tmpRoot)).toEqual([]);
    expect(progressState.options).toMatchObject({ cancellable: true, location: 15 });
    const last = progressState.reports[progressState.reports.length - 1]!;
    expect(last.message).toBe('jfk.wav: Transcribing 100%, about 3 s left');
    const total = progressState.reports.reduce((a, r) => a + (r.increment ?? 0), 0);
    expect(total).toBeCloseTo(100);
    expect(window.showTextDocument).toHaveBeenCalledWith(expect.objectContaining({ fsPath: target }), {
      preview: true,
    });
    expect(logLines.some((l) => l.startsWith('info run: whisperx'))).toBe(true);
    expect(logLines).toContain('warn a warning from a library');
  });

  it('passes the stored token through HF_TOKEN only (not in arguments, not in the log)', async () => {
    await transcribeCommand('markdown', deps({ [HF_TOKEN_SECRET]: TOKEN }), media());
    const seen = JSON.parse(readFileSync(record, 'utf8'));
    expect(seen.hfToken).toBe(TOKEN);
    expect(seen.argv.join(' ')).not.toContain(TOKEN);
    expect(seen.electronRunAsNode).toBe('1');
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('offers the workspace media in a quick pick when run from the palette', async () => {
    workspace.findFiles.mockResolvedValue([media(), Uri.file(path.join(ws, 'node_modules/x.wav'))]);
    quickPickState.onShow = (qp) => {
      qp.selectedItems = [qp.items[0]!];
      qp.accept();
    };
    setConfiguration({ openAfter: 'preview' });
    const outcome = await transcribeCommand('markdown', deps());
    expect(outcome.written).toEqual([path.join(ws, 'jfk.transcript.md')]);
    expect(commands.executeCommand).toHaveBeenCalledWith(
      'markdown.showPreview',
      expect.objectContaining({ fsPath: outcome.written[0] }),
    );
  });

  it('asks before overwriting: Keep Both writes a numbered file, Overwrite replaces, Cancel runs nothing', async () => {
    const target = path.join(ws, 'jfk.transcript.md');
    writeFileSync(target, 'mine');
    window.showWarningMessage.mockResolvedValueOnce('Keep Both');
    const kept = await transcribeCommand('markdown', deps(), media());
    expect(kept.written).toEqual([path.join(ws, 'jfk.transcript (2).md')]);
    expect(readFileSync(target, 'utf8')).toBe('mine');

    window.showWarningMessage.mockResolvedValueOnce('Overwrite');
    await transcribeCommand('markdown', deps(), media());
    expect(readFileSync(target, 'utf8')).toBe('fake md of jfk.wav\n');

    rmSync(record, { force: true });
    window.showWarningMessage.mockResolvedValueOnce(undefined);
    const cancelled = await transcribeCommand('markdown', deps(), media());
    expect(cancelled.written).toEqual([]);
    expect(existsSync(record)).toBe(false); // the worker never started
    expect(window.withProgress).toHaveBeenCalledTimes(2);
  });

  it('writes .srt and .vtt with the subtitle name pattern', async () => {
    setConfiguration({ subtitleFormat: 'both', outputFolder: 'subs', openAfter: 'none' });
    const outcome = await transcribeCommand('subtitles', deps(), media());
    expect(outcome.written.sort()).toEqual([path.join(ws, 'subs', 'jfk.srt'), path.join(ws, 'subs', 'jfk.vtt')]);
    expect(JSON.parse(readFileSync(record, 'utf8')).argv).toEqual(expect.arrayContaining(['--output_format', 'all']));
    expect(readdirSync(path.join(ws, 'subs')).sort()).toEqual(['jfk.srt', 'jfk.vtt']);
    expect(window.showTextDocument).not.toHaveBeenCalled();
  });

  it('cancel kills the worker promptly and leaves no partial file and no temp folder', async () => {
    vi.stubEnv('FAKE_CLI_MODE', 'hang');
    window.withProgress.mockImplementationOnce(
      async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => {
        const listeners: (() => void)[] = [];
        const token = {
          isCancellationRequested: false,
          onCancellationRequested: (l: () => void) => (listeners.push(l), { dispose() {} }),
        };
        // The person presses Cancel as soon as the first progress arrives.
        return task(
          { report: (r: { increment?: number }) => r.increment !== undefined && listeners.forEach((l) => l()) },
          token,
        );
      },
    );
    const started = Date.now();
    const outcome = await transcribeCommand('markdown', deps(), media());
    expect(outcome.cancelled).toBe(true);
    expect(outcome.written).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
    const pid = JSON.parse(readFileSync(record, 'utf8')).pid as number;
    expect(() => process.kill(pid, 0)).toThrow();
    expect(readdirSync(ws)).toEqual(['jfk.wav']);
    expect(readdirSync(tmpRoot)).toEqual([]);
    expect(window.showInformationMessage).toHaveBeenCalledWith('WhisperX: cancelled; nothing was written.');
    expect(window.showErrorMessage).not.toHaveBeenCalled();
  });

  it('shows a worker error with Open Settings and Show Log, and acts on the choice', async () => {
    vi.stubEnv('FAKE_CLI_MODE', 'error');
    window.showErrorMessage.mockResolvedValueOnce('Open Settings');
    const outcome = await transcribeCommand('markdown', deps(), media());
    expect(outcome.failures).toHaveLength(1);
    expect(window.showErrorMessage).toHaveBeenCalledWith(
      'WhisperX failed on jfk.wav: Model "nope" is not in the cache and offline mode is on: turn off offline mode.',
      'Open Settings',
      'Show Log',
    );
    await vi.waitFor(() =>
      expect(commands.executeCommand).toHaveBeenCalledWith('workbench.action.openSettings', 'whisperx.'),
    );
    expect(readdirSync(ws)).toEqual(['jfk.wav']);
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('Show Log opens the output channel; bad settings stop before any work', async () => {
    vi.stubEnv('FAKE_CLI_MODE', 'crash');
    window.showErrorMessage.mockResolvedValueOnce('Show Log');
    const d = deps();
    await transcribeCommand('markdown', d, media());
    await vi.waitFor(() => expect(d.log.show).toHaveBeenCalled());

    rmSync(record, { force: true });
    setConfiguration({ outputNamePattern: '${title}' });
    const outcome = await transcribeCommand('markdown', deps(), media());
    expect(outcome.failures[0]!.message).toMatch(/whisperx\.outputNamePattern/);
    expect(existsSync(record)).toBe(false);
  });
});

describe('output folder', () => {
  it('creates a relative output folder inside the workspace folder', async () => {
    mkdirSync(path.join(ws, 'talks'));
    writeFileSync(path.join(ws, 'talks', 'b.mp3'), 'ID3');
    setConfiguration({ outputFolder: 'transcripts', outputNamePattern: '${name}-${ext}', openAfter: 'none' });
    const outcome = await transcribeCommand('markdown', deps(), Uri.file(path.join(ws, 'talks', 'b.mp3')));
    expect(outcome.written).toEqual([path.join(ws, 'transcripts', 'b-mp3.md')]);
  });
});
