/**
 * A cross-process lock file: created with O_EXCL (`wx`), holding the owner's pid and host. The
 * owner refreshes its mtime while it works, so a lock is stale when its owner process is gone
 * (same host, pid not alive) or when it was not refreshed for `staleMs`. A waiter polls until the
 * lock is released or stale, then takes it.
 */
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { WhisperxError } from '../errors.js';

export interface FileLockOptions {
  /** A lock not refreshed for this long (ms) is stale and may be taken over. Default 60000. */
  staleMs?: number;
  /** Poll interval (ms) while waiting. Default 100. */
  pollMs?: number;
  /** Stop waiting when this fires. */
  signal?: AbortSignal;
  /** Called once if the lock is busy and we start waiting. */
  onWait?: (owner: LockOwner | undefined) => void;
}

/** What a lock file holds. */
export interface LockOwner {
  pid: number;
  host: string;
  /** Milliseconds since the epoch when the lock was taken. */
  since: number;
}

export interface HeldLock {
  readonly path: string;
  /** Remove the lock file (only if it is still ours) and stop refreshing it. Safe to call twice. */
  release(): Promise<void>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new WhisperxError('aborted', 'Cancelled.'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new WhisperxError('aborted', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** True unless we know the process is gone: kill(pid, 0) says ESRCH. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'number') return v as LockOwner;
  } catch {
    // Half-written or foreign lock file.
  }
  return undefined;
}

/** Whether the lock at `lockPath` is stale; `content` is its text as read. */
async function isStale(lockPath: string, content: string, staleMs: number): Promise<boolean> {
  const owner = parseOwner(content);
  if (owner && owner.host === hostname() && !isProcessAlive(owner.pid)) return true;
  try {
    const st = await fsp.stat(lockPath);
    return Date.now() - st.mtimeMs > staleMs;
  } catch {
    return false; // gone: the next create attempt decides
  }
}

/** Move a stale lock aside; if what we moved was not the lock we judged stale, put it back. */
async function breakStaleLock(lockPath: string, judged: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await fsp.rename(lockPath, aside);
  } catch {
    return; // someone else broke or released it
  }
  const moved = await fsp.readFile(aside, 'utf8').catch(() => '');
  if (moved !== judged) await fsp.link(aside, lockPath).catch(() => undefined);
  await fsp.rm(aside, { force: true });
}

/** Take the lock, waiting while another live process holds it. */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<HeldLock> {
  const staleMs = options.staleMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: Date.now() };
  const mine = JSON.stringify(me);
  let waited = false;
  for (;;) {
    if (options.signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
    try {
      const handle = await fsp.open(lockPath, 'wx');
      try {
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      return holdLock(lockPath, mine, staleMs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const content = await fsp.readFile(lockPath, 'utf8').catch(() => undefined);
    if (content === undefined) continue; // released between our two calls
    if (await isStale(lockPath, content, staleMs)) {
      await breakStaleLock(lockPath, content);
      continue;
    }
    if (!waited) {
      waited = true;
      options.onWait?.(parseOwner(content));
    }
    await sleep(pollMs + Math.floor(Math.random() * pollMs), options.signal);
  }
}

function holdLock(lockPath: string, mine: string, staleMs: number): HeldLock {
  // Refresh the mtime well within staleMs so waiters see a live owner.
  const refresh = setInterval(
    () => {
      const now = new Date();
      fsp.utimes(lockPath, now, now).catch(() => undefined);
    },
    Math.max(50, Math.floor(staleMs / 3)),
  );
  refresh.unref();
  let released = false;
  return {
    path: lockPath,
    async release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      const content = await fsp.readFile(lockPath, 'utf8').catch(() => undefined);
      if (content === mine) await fsp.rm(lockPath, { force: true });
    },
  };
}
