import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock, isProcessAlive } from './file-lock.js';

let dir: string;
let lock: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wx-lock-'));
  lock = path.join(dir, 'blob.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(r.stdout.toString());
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

describe('acquireFileLock', () => {
  it('creates the lock with our pid, makes a second taker wait until release, and removes it', async () => {
    const first = await acquireFileLock(lock, { pollMs: 10 });
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const order: string[] = [];
    let waited = false;
    const second = acquireFileLock(lock, { pollMs: 10, onWait: () => (waited = true) }).then((l) => {
      order.push('second acquired');
      return l;
    });
    await new Promise((r) => setTimeout(r, 80));
    order.push('first released');
    await first.release();
    const held = await second;
    expect(waited).toBe(true);
    expect(order).toEqual(['first released', 'second acquired']);
    await held.release();
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose owner process is gone', async () => {
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), since: Date.now() }));
    const held = await acquireFileLock(lock, { pollMs: 10 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await held.release();
  });

  it('takes over a lock not refreshed for staleMs (owner on another host), but waits on a fresh one', async () => {
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'another-host', since: 0 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(
      acquireFileLock(lock, { pollMs: 10, staleMs: 60_000, signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'aborted' });
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    const held = await acquireFileLock(lock, { pollMs: 10, staleMs: 60_000 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await held.release();
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const held = await acquireFileLock(lock);
    const foreign = JSON.stringify({ pid: 1, host: 'another-host', since: 1 });
    writeFileSync(lock, foreign);
    await held.release();
    expect(readFileSync(lock, 'utf8')).toBe(foreign);
  });
});
