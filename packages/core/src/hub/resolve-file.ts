/**
 * resolveRepoFile: one repo file -> a local path in the Hugging Face cache, downloading it when
 * needed (cache first; offline aware; locked against concurrent downloads; resumed; verified;
 * landed atomically). Every message a person may see is one redacted line naming the repo, the
 * file, the cache folder and the fix.
 */
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import {
  blobPath,
  COMMIT_HASH_RE,
  findCachedFile,
  linkSnapshotFile,
  repoCacheDir,
  snapshotFilePath,
  validateRepoId,
  validateRepoPath,
  writeRef,
} from './cache-layout.js';
import { acquireFileLock } from './file-lock.js';
import {
  downloadTimeoutMs,
  etagTimeoutMs,
  isOffline,
  offlineReason,
  resolveCacheDir,
  resolveEndpoint,
  resolveToken,
  type HubOptions,
} from './hub-options.js';
import {
  downloadToIncomplete,
  fetchFileMetadata,
  HubTransferError,
  type FileMetadata,
  type TransferContext,
} from './http-transfer.js';
import { redactSecrets } from './redact.js';

/** Extensions the hub client fetches: ONNX (and its external data), safetensors, JSON, text. Never pickles. */
export const ALLOWED_FILE_RE = /\.(onnx|onnx_data(_\d+)?|onnx\.data|safetensors|json|txt|md)$/i;
/** Pickle checkpoints: loading them can run arbitrary code, so they are refused. */
export const PICKLE_FILE_RE = /\.(bin|pt|pth|ckpt|pkl|pickle)$/i;

/** Internal attempts at one download when the connection drops mid-body (each resumes). */
const DOWNLOAD_ATTEMPTS = 3;

export function assertAllowedFile(repoId: string, filePath: string): void {
  if (ALLOWED_FILE_RE.test(filePath)) return;
  const why = PICKLE_FILE_RE.test(filePath)
    ? 'it is a pickle checkpoint, and loading pickles can run arbitrary code'
    : 'only ONNX, safetensors, JSON and text files are loaded';
  throw new WhisperxError(
    'model',
    `${repoId}: refusing to fetch ${filePath}: ${why}. Use a repo or folder with ONNX/safetensors files.`,
  );
}

/** Build a WhisperxError whose message has every secret removed. */
export function hubError(
  kind: 'model' | 'network' | 'aborted' | 'usage',
  message: string,
  token: string | undefined,
  cause?: unknown,
): WhisperxError {
  return new WhisperxError(kind, redactSecrets(message, [token]), { cause });
}

/** The fix an error names when a model is neither cached nor downloadable (HubOptions.missingFix). */
export function fixLine(options?: HubOptions): string {
  return options?.missingFix ?? 'pass --model <local folder> holding the model files';
}

/** The error for a file that is neither cached nor downloadable now. */
function missingError(
  repoId: string,
  filePath: string,
  revision: string,
  storage: string,
  why: string,
  token?: string,
  options?: HubOptions,
): WhisperxError {
  return hubError(
    'model',
    `${repoId}: ${filePath} (revision ${revision}) is not in the Hugging Face cache ${storage} and ${why}: ${fixLine(options)}, or go online (unset HF_HUB_OFFLINE) and run again to download it once.`,
    token,
  );
}

function httpMessage(error: HubTransferError, repoId: string, filePath: string, revision: string): string {
  const { status, errorCode } = error;
  if (errorCode === 'RepoNotFound' || (status === 404 && !errorCode)) {
    return `${repoId}: repository not found on the hub (or private). Check the name, or pass --hf_token / set HF_TOKEN if it is private.`;
  }
  if (errorCode === 'RevisionNotFound')
    return `${repoId}: revision "${revision}" not found on the hub. Check --model_revision.`;
  if (errorCode === 'EntryNotFound' || status === 404)
    return `${repoId}: file ${filePath} not found at revision ${revision}.`;
  if (status === 401 || status === 403 || errorCode === 'GatedRepo') {
    return `${repoId}: gated or private repo (HTTP ${status}) while fetching ${filePath}: accept its terms on the hub and pass --hf_token / set HF_TOKEN.`;
  }
  return `${repoId}: the hub answered HTTP ${status} for ${filePath}. Try again later, or pass --model <local folder>.`;
}

/** The context of one resolve call. */
export interface ResolveContext {
  repoId: string;
  revision: string;
  cacheDir: string;
  storage: string;
  endpoint: string;
  token?: string;
  transfer: TransferContext;
  options: HubOptions;
}

export function makeContext(repoId: string, options: HubOptions): ResolveContext {
  validateRepoId(repoId);
  const cacheDir = resolveCacheDir(options);
  const endpoint = resolveEndpoint(options);
  const token = resolveToken(options);
  return {
    repoId,
    revision: options.revision ?? 'main',
    cacheDir,
    storage: repoCacheDir(cacheDir, repoId),
    endpoint,
    token,
    transfer: { fetch: options.fetch ?? fetch, endpoint, token, signal: options.signal },
    options,
  };
}

export function resolveUrl(ctx: ResolveContext, filePath: string): string {
  const encoded = filePath.split('/').map(encodeURIComponent).join('/');
  return `${ctx.endpoint}/${ctx.repoId}/resolve/${encodeURIComponent(ctx.revision)}/${encoded}`;
}

/** Turn a transfer failure into the one line a person sees (cache fallback already tried). */
export function transferToError(error: HubTransferError, ctx: ResolveContext, filePath: string): WhisperxError {
  const { repoId, revision, storage, token } = ctx;
  switch (error.failure) {
    case 'aborted':
      return new WhisperxError('aborted', 'Cancelled.');
    case 'unreachable':
      return hubError(
        'network',
        `Cannot reach the Hugging Face hub at ${ctx.endpoint} (${error.message}) to fetch ${repoId} ${filePath}, and it is not in the cache ${storage}: ${fixLine(ctx.options)}, or connect to the network and run again.`,
        token,
        error,
      );
    case 'http':
      return hubError('network', httpMessage(error, repoId, filePath, revision), token, error);
    case 'interrupted':
      return hubError(
        'network',
        `${repoId}: download of ${filePath} interrupted (${error.message}); run again to resume it, or ${fixLine(ctx.options)}.`,
        token,
        error,
      );
    case 'corrupt':
      return hubError(
        'network',
        `${repoId}: download of ${filePath} failed verification (${error.message}); the partial file was removed, run again.`,
        token,
        error,
      );
    default:
      return hubError(
        'network',
        `${repoId}: cannot download ${filePath} from ${ctx.endpoint}: ${error.message}.`,
        token,
        error,
      );
  }
}

/** Download one blob under its lock and link it into the snapshot. */
async function landBlob(ctx: ResolveContext, filePath: string, meta: FileMetadata): Promise<string> {
  const blob = blobPath(ctx.storage, meta.etag);
  const pointer = snapshotFilePath(ctx.storage, meta.commit, filePath);
  await fsp.mkdir(path.dirname(blob), { recursive: true });
  const lock = await acquireFileLock(`${blob}.lock`, {
    staleMs: ctx.options.lockStaleMs,
    signal: ctx.options.signal,
    onWait: () => ctx.options.log?.(`${ctx.repoId}: waiting for another process downloading ${filePath}`),
  });
  try {
    if (!existsSync(blob)) {
      const incompletePath = `${blob}.incomplete`;
      for (let attempt = 1; ; attempt++) {
        try {
          await downloadToIncomplete(
            {
              meta,
              file: filePath,
              incompletePath,
              stallMs: downloadTimeoutMs(ctx.options),
              onProgress: ctx.options.onProgress,
            },
            ctx.transfer,
          );
          break;
        } catch (error) {
          const retry =
            error instanceof HubTransferError && error.failure === 'interrupted' && attempt < DOWNLOAD_ATTEMPTS;
          if (!retry) throw error;
          ctx.options.log?.(
            redactSecrets(`${ctx.repoId}: ${filePath}: ${(error as Error).message}; resuming`, [ctx.token]),
          );
        }
      }
      await fsp.rename(incompletePath, blob);
    }
    const how = await linkSnapshotFile(blob, pointer);
    if (how === 'copy')
      ctx.options.log?.(
        `${ctx.repoId}: symlinks are not available in ${ctx.cacheDir}; ${filePath} was copied into the snapshot`,
      );
  } finally {
    await lock.release();
  }
  return pointer;
}

/** Resolve with a ready context (shared by snapshotFiles). */
export async function resolveWithContext(ctx: ResolveContext, filePath: string): Promise<string> {
  validateRepoPath(filePath);
  assertAllowedFile(ctx.repoId, filePath);
  const { repoId, revision, cacheDir, storage, options, token } = ctx;
  const cached = findCachedFile(cacheDir, repoId, filePath, revision);
  if (isOffline(options)) {
    if (cached) return cached;
    throw missingError(
      repoId,
      filePath,
      revision,
      storage,
      `the hub may not be used (${offlineReason(options)})`,
      token,
      options,
    );
  }
  if (cached && (!options.checkForUpdates || COMMIT_HASH_RE.test(revision))) return cached;

  let meta: FileMetadata;
  try {
    meta = await fetchFileMetadata(resolveUrl(ctx, filePath), ctx.transfer, etagTimeoutMs(options));
  } catch (error) {
    const e = error instanceof HubTransferError ? error : new HubTransferError('unreachable', String(error));
    const fallback = e.failure === 'unreachable' || (e.failure === 'http' && (e.status ?? 0) >= 500);
    if (cached && fallback) {
      options.log?.(redactSecrets(`${repoId}: hub unreachable (${e.message}); using the cached ${filePath}`, [token]));
      return cached;
    }
    throw transferToError(e, ctx, filePath);
  }
  await writeRef(storage, revision, meta.commit);
  const pointer = snapshotFilePath(storage, meta.commit, filePath);
  if (existsSync(pointer)) return pointer;
  try {
    return await landBlob(ctx, filePath, meta);
  } catch (error) {
    if (error instanceof HubTransferError) throw transferToError(error, ctx, filePath);
    if (error instanceof WhisperxError) throw error;
    throw hubError(
      'network',
      `${repoId}: cannot store ${filePath} in the cache ${storage}: ${(error as Error).message}`,
      token,
      error,
    );
  }
}

/**
 * Local path of `filePath` from `repoId` at `options.revision` (default main), downloaded into
 * the Hugging Face cache if needed. Cached files are returned without any request.
 */
export async function resolveRepoFile(repoId: string, filePath: string, options: HubOptions = {}): Promise<string> {
  return resolveWithContext(makeContext(repoId, options), filePath);
}

/** Resolve several files of one repo; returns repo path -> local path. Downloads run one at a time. */
export async function snapshotFiles(
  repoId: string,
  paths: readonly string[],
  options: HubOptions = {},
): Promise<Map<string, string>> {
  const ctx = makeContext(repoId, options);
  const out = new Map<string, string>();
  for (const p of paths) out.set(p, await resolveWithContext(ctx, p));
  return out;
}
