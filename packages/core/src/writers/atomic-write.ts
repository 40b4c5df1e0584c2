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

/** Write `text` (UTF-8) to `target` atomically; WhisperxError 'output' on failure. */
export async function writeFileAtomic(target: string, text: string, fs: AtomicWriteFs = defaultFs): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
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
    await fs.rename(temp, target);
  } catch (error) {
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new WhisperxError('output', describeFsError(error, target), { cause: error });
  }
}
