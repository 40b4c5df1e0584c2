import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliEvent } from '@whisperx-ts/cli/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli, type SpawnFunction } from './run-cli.js';

const FAKE_CLI = fileURLToPath(new URL('../test/fake-whisperx-cli.mjs', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wx-run-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function options(mode: string, extra: Partial<Parameters<typeof runCli>[0]> = {}) {
  const record = path.join(dir, 'record.json');
  return {
    record,
    opts: {
      runtime: process.execPath,
      cliPath: FAKE_CLI,
      args: [path.join(dir, 'a.wav'), '--output_dir', path.join(dir, 'out'), '--output_format', 'md'],
      env: { ...process.env, FAKE_CLI_MODE: mode, FAKE_CLI_RECORD: record },
      ...extra,
    },
  };
}

describe('runCli', () => {
  it('spawns the runtime with an argument array (no shell) and streams the jsonl events', async () => {
    const spy = vi.fn<SpawnFunction>((cmd, args, opts) => spawn(cmd, args as string[], opts));
    const events: CliEvent[] = [];
    const { opts } = options('ok', { spawn: spy, onEvent: (e) => events.push(e) });
    const result = await runCli(opts);
    expect(spy).toHaveBeenCalledTimes(1);
    const [cmd, args, spawnOpts] = spy.mock.calls[0]!;
    expect(cmd).toBe(process.execPath);
    expect(args[0]).toBe(FAKE_CLI);
    expect(spawnOpts.shell).toBe(false);
    expect((spawnOpts.env as NodeJS.ProcessEnv).ELECTRON_RUN_AS_NODE).toBe('1');
    expect(result.exitCode).toBe(0);
    expect(result.cancelled).toBe(false);
    expect(result.filesDone).toHaveLength(1);
    expect(result.filesDone[0]!.outputs[0]).toBe(path.join(dir, 'out', 'a.md'));
    expect(events.map((e) => e.type)).toEqual([
      'log',
      'text',
      'progress',
      'progress',
      'progress',
      'segment',
      'file-done',
    ]);
    expect(result.stderrTail).toEqual(['a warning from a library']);
  });

  it('collects the error event and exit code of a failed run', async () => {
    const result = await runCli(options('error').opts);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.objectContaining({ kind: 'model', exitCode: 1 })]);
  });

  it('cancel sends SIGTERM: the worker exits at once', async () => {
    const controller = new AbortController();
    const { opts, record } = options('hang', {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'progress') controller.abort();
      },
    });
    const started = Date.now();
    const result = await runCli(opts);
    expect(result.cancelled).toBe(true);
    expect(result.exitCode).toBe(143);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(alive(JSON.parse(readFileSync(record, 'utf8')).pid)).toBe(false);
  });

  it('cancel escalates to SIGKILL when the worker ignores SIGTERM', async () => {
    const controller = new AbortController();
    const { opts, record } = options('stubborn', {
      signal: controller.signal,
      killGraceMs: 200,
      onEvent: (e) => {
        if (e.type === 'progress') controller.abort();
      },
    });
    const result = await runCli(opts);
    expect(result.cancelled).toBe(true);
    expect(result.exitSignal).toBe('SIGKILL');
    expect(alive(JSON.parse(readFileSync(record, 'utf8')).pid)).toBe(false);
  });

  it('does not start when already cancelled, and reports a runtime that cannot start', async () => {
    const controller = new AbortController();
    controller.abort();
    const spy = vi.fn<SpawnFunction>();
    const { opts, record } = options('ok', { signal: controller.signal, spawn: spy });
    expect((await runCli(opts)).cancelled).toBe(true);
    expect(spy).not.toHaveBeenCalled();
    expect(existsSync(record)).toBe(false);
    const missing = await runCli({ ...options('ok').opts, runtime: path.join(dir, 'no-such-node') });
    expect(missing.spawnError?.message).toMatch(/ENOENT/);
  });
});
