/**
 * Moves a finished output from the CLI's temporary folder to its final name, atomically: the
 * final name either does not exist yet or holds a complete file. Across file systems
 * (EXDEV) the file is first copied to a hidden sibling of the target, then renamed or linked.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** 'overwrite' replaces an existing target; 'no-clobber' fails with code EEXIST instead. */
export type PlaceMode = 'overwrite' | 'no-clobber';

async function sibling(target: string): Promise<string> {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Copy `src` next to `target` (same file system), returning the temporary path. */
async function stageNextTo(src: string, target: string): Promise<string> {
  const staged = await sibling(target);
  await fs.copyFile(src, staged);
  return staged;
}

async function linkNoClobber(src: string, target: string): Promise<void> {
  try {
    await fs.link(src, target); // fails with EEXIST when the target exists: no race
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      if (await exists(target)) throw Object.assign(new Error(`${target} exists`), { code: 'EEXIST' });
      await fs.rename(src, target);
      return;
    }
    throw error;
  }
  await fs.rm(src, { force: true });
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Move `src` to `target` (creating the target's folder). With 'no-clobber' an existing
 * target raises an error whose `code` is 'EEXIST' and `src` is left in place.
 */
export async function placeOutput(src: string, target: string, mode: PlaceMode): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  let from = src;
  let staged: string | undefined;
  try {
    if (mode === 'overwrite') {
      try {
        await fs.rename(from, target);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        staged = await stageNextTo(src, target);
        from = staged;
        await fs.rename(from, target);
        staged = undefined;
        await fs.rm(src, { force: true });
        return;
      }
    }
    try {
      await linkNoClobber(from, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      staged = await stageNextTo(src, target);
      await linkNoClobber(staged, target);
      staged = undefined;
      await fs.rm(src, { force: true });
    }
  } finally {
    if (staged) await fs.rm(staged, { force: true });
  }
}
