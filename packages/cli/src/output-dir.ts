/**
 * The output folder is checked before any model is loaded, so an unwritable `-o` fails in a
 * second instead of after the whole transcription: it is created (with parents, as WhisperX
 * does at start) and a probe file is created and removed in it.
 */
import { randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureDir, WhisperxError } from '@whisperx-ts/core';

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of that path is a file, not a folder (ENOTDIR)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return 'it is on a read-only file system (EROFS)';
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk is full (${code})`;
    case 'ENOENT':
      return 'it cannot be created there (ENOENT)';
    default:
      return code ? `${(error as Error).message.split('\n')[0]}` : String(error);
  }
}

/** Create `dir` if needed and prove a file can be created in it; WhisperxError('output') otherwise. */
export async function prepareOutputDir(dir: string): Promise<void> {
  const probe = path.join(dir, `.whisperx-probe.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await ensureDir(dir);
    const handle = await open(probe, 'wx');
    await handle.close();
  } catch (error) {
    throw new WhisperxError(
      'output',
      `Cannot write to the output folder ${JSON.stringify(dir)}: ${reason(error)}. Choose another folder with -o.`,
      { cause: error },
    );
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}
