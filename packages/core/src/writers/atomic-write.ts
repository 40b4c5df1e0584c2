/**
 * Atomic file writing: the text goes to a temporary file in the target's folder, is flushed
 * to disk, then renamed over the target. On any failure the temporary file is removed, so the
 * target is either the old file (or absent) or the complete new one, never partial.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { WhisperxError } from '../errors.js';

/** The file-system calls used (injectable so tests can make any of them fail). */
export interface AtomicWriteFs {
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  rm: typeof nodeFs.rm;
}

const defaultFs: AtomicWriteFs = { open: nodeFs.open, rename: nodeFs.rename, rm: nodeFs.rm };

/** A one-line reason and fix for a file-system error code. */
export function describeFsError(error: unknown, target: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const folder = path.dirname(target);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `Cannot write ${target}: disk full (${code}). Free some space or choose another output folder.`;
    case 'EACCES':
    case 'EPERM':
      return `Cannot write ${target}: permission denied (${code}) in ${folder}. Choose a writable output folder or change its permissions.`;
    case 'EROFS':
      return `Cannot write ${target}: ${folder} is on a read-only file system (EROFS). Choose another output folder.`;
    case 'ENOTDIR':
      return `Cannot write ${target}: a part of ${folder} is a file, not a folder (ENOTDIR). Choose another output folder.`;
    case 'EISDIR':
      return `Cannot write ${target}: a folder with that name exists (EISDIR). Remove it or choose another output folder.`;
    case 'EEXIST':
      return `Cannot write ${target}: ${folder} exists but is not a folder (EEXIST). Choose another output folder.`;
    case 'ENOENT':
      return `Cannot write ${target}: ${folder} does not exist (ENOENT). Create it or choose another output folder.`;
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return `Cannot write ${target}: ${reason}. Check the output folder.`;
    }
  }
}

/** A temporary file holding a target's complete new text, not yet renamed over the target. */
export interface StagedFile {
  target: string;
  temp: string;
}

/** Marks every temporary file this module creates: `.<name>.<pid>.<12 hex>.tmp`. */
const TEMP_RE = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

/**
 * Write `text` to a fresh temporary file beside `target` and flush it; the target is untouched.
 * On failure the temporary file is removed and a WhisperxError 'output' is thrown.
 */
export async function stageFile(target: string, text: string, fs: AtomicWriteFs = defaultFs): Promise<StagedFile> {
  const temp = tempPathFor(target);
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx');
    created = true;
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { target, temp };
  } catch (error) {
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new WhisperxError('output', describeFsError(error, target), { cause: error });
  }
}

/** Rename a staged file over its target; on failure the temporary file is removed. */
export async function commitStaged(staged: StagedFile, fs: AtomicWriteFs = defaultFs): Promise<void> {
  try {
    await fs.rename(staged.temp, staged.target);
  } catch (error) {
    await fs.rm(staged.temp, { force: true }).catch(() => undefined);
    throw new WhisperxError('output', describeFsError(error, staged.target), { cause: error });
  }
}

/** Remove staged files that will not be committed (errors ignored). */
export async function discardStaged(staged: readonly StagedFile[], fs: AtomicWriteFs = defaultFs): Promise<void> {
  await Promise.all(staged.map((s) => fs.rm(s.temp, { force: true }).catch(() => undefined)));
}

/** Write `text` (UTF-8) to `target` atomically; WhisperxError 'output' on failure. */
export async function writeFileAtomic(target: string, text: string, fs: AtomicWriteFs = defaultFs): Promise<void> {
  await commitStaged(await stageFile(target, text, fs), fs);
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temporary files that a killed run (SIGKILL, power loss) left beside `targets`: those
 * whose writing process is gone. Returns the removed paths. Never throws.
 */
export async function removeStaleTemps(
  targets: readonly string[],
  fs: Pick<AtomicWriteFs, 'rm'> = defaultFs,
): Promise<string[]> {
  const removed: string[] = [];
  const byDir = new Map<string, Set<string>>();
  for (const t of targets) {
    const dir = path.dirname(t);
    byDir.set(dir, (byDir.get(dir) ?? new Set()).add(path.basename(t)));
  }
  for (const [dir, names] of byDir) {
    let entries: string[];
    try {
      entries = await nodeFs.readdir(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = TEMP_RE.exec(entry);
      if (!m || !names.has(m[1]) || processIsAlive(Number(m[2]))) continue;
      const file = path.join(dir, entry);
      try {
        await fs.rm(file, { force: true });
        removed.push(file);
      } catch {
        // Another run may be removing it too.
      }
    }
  }
  return removed;
}

/**
 * `mkdir -p` that always ends: node's recursive mkdir spins forever on some pseudo file systems
 * (`/proc/x` answers ENOENT for ever), so each level is created at most once here.
 */
export async function ensureDir(dir: string, fs: Pick<typeof nodeFs, 'mkdir' | 'stat'> = nodeFs): Promise<void> {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  let current = abs;
  for (;;) {
    try {
      const info = await fs.stat(current);
      if (!info.isDirectory()) {
        throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      missing.push(current);
      current = parent;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      await fs.mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
