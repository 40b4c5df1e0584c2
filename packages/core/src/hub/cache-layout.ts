/**
 * The Hugging Face cache layout, as huggingface_hub writes it:
 *
 *   <cache>/models--<org>--<name>/
 *     blobs/<etag>                    file contents, named by the hub's ETag (sha256 for LFS files,
 *                                     git blob sha1 otherwise); `<etag>.incomplete` while downloading
 *     snapshots/<commit>/<path>       relative symlink to ../../blobs/<etag> (a copy where symlinks fail)
 *     refs/<revision>                 the commit hash the revision pointed to, no newline
 */
import { existsSync, promises as fsp, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WhisperxError } from '../errors.js';

export const COMMIT_HASH_RE = /^[0-9a-f]{40}$/;

/** Throw unless `repoId` is `name` or `org/name` made of hub-legal characters. */
export function validateRepoId(repoId: string): void {
  const ok = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(repoId) && !repoId.includes('..');
  if (!ok || repoId.length > 96) {
    throw new WhisperxError(
      'usage',
      `"${repoId}" is not a Hugging Face repo id (expected org/name) nor an existing folder: check the spelling, or pass --model <local folder>.`,
    );
  }
}

/** Throw unless `filePath` is a plain relative path inside a repo (no `..`, no absolute path). */
export function validateRepoPath(filePath: string): void {
  const parts = filePath.split('/');
  const ok =
    filePath.length > 0 && !filePath.startsWith('/') && !filePath.includes('\\') && !/^[A-Za-z]:/.test(filePath);
  if (!ok || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new WhisperxError('usage', `"${filePath}" is not a valid file path inside a repo (relative, no "..").`);
  }
}

/** `models--org--name`, the repo's folder in the cache. */
export function repoFolderName(repoId: string): string {
  return ['models', ...repoId.split('/')].join('--');
}

export function repoCacheDir(cacheDir: string, repoId: string): string {
  return path.join(cacheDir, repoFolderName(repoId));
}

export function blobPath(storage: string, etag: string): string {
  return path.join(storage, 'blobs', etag);
}

export function snapshotDir(storage: string, commit: string): string {
  return path.join(storage, 'snapshots', commit);
}

export function snapshotFilePath(storage: string, commit: string, filePath: string): string {
  return path.join(snapshotDir(storage, commit), ...filePath.split('/'));
}

export function refPath(storage: string, revision: string): string {
  return path.join(storage, 'refs', ...revision.split('/'));
}

/** The commit a revision resolves to in the cache: itself if a commit hash, else refs/<revision>. */
export function cachedCommit(storage: string, revision: string): string | undefined {
  if (COMMIT_HASH_RE.test(revision)) return revision;
  try {
    const commit = readFileSync(refPath(storage, revision), 'utf8').trim();
    return COMMIT_HASH_RE.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

/** Local path of a cached file for repo/revision, or undefined (a dangling link counts as missing). */
export function findCachedFile(
  cacheDir: string,
  repoId: string,
  filePath: string,
  revision = 'main',
): string | undefined {
  const storage = repoCacheDir(cacheDir, repoId);
  const commit = cachedCommit(storage, revision);
  if (!commit) return undefined;
  const p = snapshotFilePath(storage, commit, filePath);
  return existsSync(p) ? p : undefined;
}

/** Repo paths present (not dangling) in a cached snapshot, e.g. `onnx/encoder_model.onnx`. */
export function listSnapshotFiles(
  cacheDir: string,
  repoId: string,
  revision = 'main',
): { commit: string; files: string[] } | undefined {
  const storage = repoCacheDir(cacheDir, repoId);
  const commit = cachedCommit(storage, revision);
  if (!commit) return undefined;
  const root = snapshotDir(storage, commit);
  if (!existsSync(root)) return undefined;
  return { commit, files: listFilesRecursive(root) };
}

/** Relative paths (with `/`) of the files under `root`, following symlinks, at most `maxDepth` folders deep. */
export function listFilesRecursive(root: string, maxDepth = 4): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      const full = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      let isDir: boolean;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue; // dangling link
      }
      if (isDir) {
        if (depth < maxDepth && !name.startsWith('.')) walk(full, rel, depth + 1);
      } else {
        out.push(rel);
      }
    }
  };
  walk(root, '', 0);
  return out;
}

/** Write refs/<revision> = commit atomically, only when it changed. */
export async function writeRef(storage: string, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  const file = refPath(storage, revision);
  try {
    if ((await fsp.readFile(file, 'utf8')).trim() === commit) return;
  } catch {
    // Not written yet.
  }
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fsp.writeFile(tmp, commit);
  await fsp.rename(tmp, file);
}

/**
 * Point snapshots/<commit>/<path> at the blob: a relative symlink, replaced atomically; where
 * symlinks cannot be made (some Windows setups), a copy landed by rename. Returns how it linked.
 */
export async function linkSnapshotFile(blob: string, pointer: string): Promise<'symlink' | 'copy'> {
  await fsp.mkdir(path.dirname(pointer), { recursive: true });
  const tmp = `${pointer}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fsp.symlink(path.relative(path.dirname(pointer), blob), tmp);
    await fsp.rename(tmp, pointer);
    return 'symlink';
  } catch {
    await fsp.rm(tmp, { force: true });
    await fsp.copyFile(blob, tmp);
    await fsp.rename(tmp, pointer);
    return 'copy';
  }
}
