/**
 * Which files a repo holds (the hub's `/api/models/{repo}/revision/{rev}` listing, or the cached
 * snapshot when offline), and resolveModelDir: a local folder passes through, a repo id becomes
 * its snapshot folder in the cache.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { cachedCommit, listSnapshotFiles, snapshotDir } from './cache-layout.js';
import { etagTimeoutMs, isOffline, offlineReason, type HubOptions } from './hub-options.js';
import { classifyFetchError, HubTransferError } from './http-transfer.js';
import {
  fixLine,
  hubError,
  makeContext,
  resolveWithContext,
  transferToError,
  type ResolveContext,
} from './resolve-file.js';

export interface RepoListing {
  /** Commit the revision points to. */
  commit: string;
  /** Repo paths, e.g. `onnx/encoder_model.onnx`. */
  files: string[];
  /** Where the listing came from: the hub, or the cached snapshot (only files downloaded before). */
  source: 'hub' | 'cache';
}

interface ApiModelRevision {
  sha?: string;
  siblings?: { rfilename?: string }[];
}

async function fetchListing(ctx: ResolveContext): Promise<RepoListing> {
  const url = `${ctx.endpoint}/api/models/${ctx.repoId}/revision/${encodeURIComponent(ctx.revision)}`;
  const timeout = AbortSignal.timeout(etagTimeoutMs(ctx.options));
  const signal = ctx.options.signal ? AbortSignal.any([ctx.options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await ctx.transfer.fetch(url, {
      headers: {
        Accept: 'application/json',
        'User-Agent': 'whisperx-ts',
        ...(ctx.token ? { Authorization: `Bearer ${ctx.token}` } : {}),
      },
      signal,
    });
  } catch (error) {
    throw classifyFetchError(error, ctx.options.signal);
  }
  if (!response.ok) {
    throw new HubTransferError(
      'http',
      `HTTP ${response.status}`,
      response.status,
      response.headers.get('x-error-code') ?? undefined,
    );
  }
  const body = (await response.json().catch(() => ({}))) as ApiModelRevision;
  if (!body.sha || !Array.isArray(body.siblings))
    throw new HubTransferError('protocol', 'the repo listing has no sha/siblings');
  const files = body.siblings.map((s) => s.rfilename).filter((f): f is string => typeof f === 'string');
  return { commit: body.sha, files, source: 'hub' };
}

/**
 * List a repo's files: from the hub when online (falling back to the cached snapshot when the hub
 * is unreachable), from the cached snapshot when offline.
 */
export async function listRepoFiles(repoId: string, options: HubOptions = {}): Promise<RepoListing> {
  const ctx = makeContext(repoId, options);
  const cached = listSnapshotFiles(ctx.cacheDir, repoId, ctx.revision);
  const fromCache = cached ? { ...cached, source: 'cache' as const } : undefined;
  if (isOffline(options)) {
    if (fromCache) return fromCache;
    throw hubError(
      'model',
      `${repoId} (revision ${ctx.revision}) is not in the Hugging Face cache ${ctx.storage} and the hub may not be used (${offlineReason(options)}): ${fixLine(options)}, or go online and run again to download it once.`,
      ctx.token,
    );
  }
  try {
    return await fetchListing(ctx);
  } catch (error) {
    const e = error instanceof HubTransferError ? error : new HubTransferError('unreachable', String(error));
    if (fromCache && (e.failure === 'unreachable' || (e.status ?? 0) >= 500)) {
      options.log?.(`${repoId}: hub unreachable; using the files cached in ${ctx.storage}`);
      return fromCache;
    }
    throw transferToError(e, ctx, 'file list');
  }
}

/** True when `s` names a folder on disk or is written like a path rather than a repo id. */
export function looksLikeLocalPath(s: string): boolean {
  if (existsSync(s)) return true;
  return /^(\.{1,2}[\\/]|[\\/]|~|[A-Za-z]:[\\/])/.test(s) || s.includes('\\') || s.split('/').length > 2;
}

/** Validate a local model folder and return its absolute path. */
export function localModelDir(dir: string): string {
  const expanded = dir === '~' || dir.startsWith('~/') ? path.join(homedir(), dir.slice(1)) : dir;
  const abs = path.resolve(expanded);
  if (!existsSync(abs))
    throw new WhisperxError(
      'model',
      `--model ${dir}: folder not found. Pass an existing model folder or a Hugging Face repo id.`,
    );
  if (!statSync(abs).isDirectory())
    throw new WhisperxError('model', `--model ${dir}: is a file; pass the folder that holds the model files.`);
  return abs;
}

export interface ResolveModelDirOptions extends HubOptions {
  /** Repo files to make present in the snapshot when a repo id is given. Default ['config.json']. */
  files?: readonly string[];
}

/**
 * A local folder passes through (validated to exist); otherwise `nameOrPathOrRepo` is a repo id:
 * the listed `files` are resolved into the cache and the snapshot folder is returned.
 */
export async function resolveModelDir(nameOrPathOrRepo: string, options: ResolveModelDirOptions = {}): Promise<string> {
  if (looksLikeLocalPath(nameOrPathOrRepo)) return localModelDir(nameOrPathOrRepo);
  const ctx = makeContext(nameOrPathOrRepo, options);
  const files = options.files ?? ['config.json'];
  if (files.length === 0)
    throw hubError('usage', `${ctx.repoId}: resolveModelDir needs at least one file to fetch.`, ctx.token);
  for (const f of files) await resolveWithContext(ctx, f);
  const commit = cachedCommit(ctx.storage, ctx.revision);
  if (!commit)
    throw hubError(
      'model',
      `${ctx.repoId}: the cache ${ctx.storage} has no ref for revision ${ctx.revision}.`,
      ctx.token,
    );
  return snapshotDir(ctx.storage, commit);
}
