/**
 * HTTP against the hub's public endpoints: the metadata of one file (HEAD on
 * `{endpoint}/{repo}/resolve/{revision}/{path}`, headers X-Repo-Commit, X-Linked-Etag/ETag,
 * X-Linked-Size/Content-Length, redirects to a CDN) and its download into an `.incomplete` file,
 * resumed with `Range`, hashed as it lands. Errors here are HubTransferError; the resolver turns
 * them into messages for people.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import type { DownloadProgress } from './hub-options.js';

/** What failed, for the resolver to word and to decide whether the cache may stand in. */
export type TransferFailure =
  /** DNS, refused connection, reset before any answer, metadata timeout. */
  | 'unreachable'
  /** The server answered with an HTTP error status. */
  | 'http'
  /** The body stopped early or stalled; the `.incomplete` file is kept for a resume. */
  | 'interrupted'
  /** The landed bytes do not match the hub's size or hash; the partial file was removed. */
  | 'corrupt'
  /** The hub's answer lacks a header we need. */
  | 'protocol'
  | 'aborted';

export class HubTransferError extends Error {
  constructor(
    readonly failure: TransferFailure,
    message: string,
    readonly status?: number,
    /** The hub's X-Error-Code header (GatedRepo, RepoNotFound, EntryNotFound, RevisionNotFound). */
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = 'HubTransferError';
  }
}

/** How to talk to the hub for one call. */
export interface TransferContext {
  fetch: typeof fetch;
  /** The hub origin; Authorization is sent only to it, never to a CDN it redirects to. */
  endpoint: string;
  token?: string;
  signal?: AbortSignal;
}

export interface FileMetadata {
  /** Commit the revision resolved to (X-Repo-Commit). */
  commit: string;
  /** Normalised ETag: sha256 for LFS files, git blob sha1 otherwise. */
  etag: string;
  /** File size in bytes. */
  size: number;
  /** Where to GET the bytes (the CDN location when the hub redirects). */
  downloadUrl: string;
}

const MAX_REDIRECTS = 5;

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function headersFor(url: string, ctx: TransferContext, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { 'User-Agent': 'whisperx-ts', 'Accept-Encoding': 'identity', ...extra };
  if (ctx.token && sameOrigin(url, ctx.endpoint)) h.Authorization = `Bearer ${ctx.token}`;
  return h;
}

/** Turn a thrown fetch error into a HubTransferError. */
export function classifyFetchError(error: unknown, signal?: AbortSignal): HubTransferError {
  if (error instanceof HubTransferError) return error;
  if (signal?.aborted) return new HubTransferError('aborted', 'Cancelled.');
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return new HubTransferError('unreachable', 'no answer before the timeout');
  const detail = e?.cause?.message ?? e?.cause?.code ?? e?.message ?? String(error);
  return new HubTransferError('unreachable', detail);
}

/** Normalise an ETag as huggingface_hub does: drop the weak prefix and the quotes. */
export function normalizeEtag(raw: string | null): string | undefined {
  if (!raw) return undefined;
  return raw.replace(/^W\//, '').replace(/^"+|"+$/g, '') || undefined;
}

/** Fetch with manual redirects; Authorization only to the hub origin. Relative/same-origin redirects are followed when `followAll` or same origin. */
async function fetchFollowing(
  url: string,
  init: { method: string; headers?: Record<string, string>; signal?: AbortSignal },
  ctx: TransferContext,
  followCrossOrigin: boolean,
): Promise<{ response: Response; url: string }> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await ctx.fetch(current, {
      method: init.method,
      headers: headersFor(current, ctx, init.headers),
      redirect: 'manual',
      signal: init.signal,
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, current).toString();
      if (!followCrossOrigin && !sameOrigin(next, current)) return { response, url: current };
      await response.body?.cancel().catch(() => undefined);
      current = next;
      continue;
    }
    return { response, url: current };
  }
  throw new HubTransferError('protocol', `more than ${MAX_REDIRECTS} redirects from ${url}`);
}

/** HEAD a resolve URL: the commit, ETag, size and download location of one file. */
export async function fetchFileMetadata(
  resolveUrl: string,
  ctx: TransferContext,
  timeoutMs: number,
): Promise<FileMetadata> {
  const signal = ctx.signal
    ? AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)])
    : AbortSignal.timeout(timeoutMs);
  let result: { response: Response; url: string };
  try {
    result = await fetchFollowing(resolveUrl, { method: 'HEAD', signal }, ctx, false);
  } catch (error) {
    throw classifyFetchError(error, ctx.signal);
  }
  const { response, url } = result;
  const h = response.headers;
  const isRedirect = response.status >= 300 && response.status < 400;
  if (!response.ok && !isRedirect) {
    throw new HubTransferError('http', `HTTP ${response.status}`, response.status, h.get('x-error-code') ?? undefined);
  }
  const commit = h.get('x-repo-commit') ?? undefined;
  const etag = normalizeEtag(h.get('x-linked-etag') ?? h.get('etag'));
  const size = Number(h.get('x-linked-size') ?? h.get('content-length'));
  if (!commit)
    throw new HubTransferError(
      'protocol',
      'the server sent no X-Repo-Commit header (is HF_ENDPOINT a Hugging Face hub?)',
    );
  if (!etag) throw new HubTransferError('protocol', 'the server sent no ETag for the file');
  if (!Number.isFinite(size) || size < 0) throw new HubTransferError('protocol', 'the server sent no file size');
  const location = h.get('location');
  const downloadUrl = isRedirect && location ? new URL(location, url).toString() : url;
  return { commit, etag, size, downloadUrl };
}

/** The hash that names a blob, if its ETag is one we can check: sha256 (LFS) or git blob sha1. */
export function blobHasher(etag: string, size: number): { hash: Hash; algo: 'sha256' | 'git-sha1' } | undefined {
  if (/^[0-9a-f]{64}$/.test(etag)) return { hash: createHash('sha256'), algo: 'sha256' };
  if (/^[0-9a-f]{40}$/.test(etag)) {
    const hash = createHash('sha1');
    hash.update(`blob ${size}\0`);
    return { hash, algo: 'git-sha1' };
  }
  return undefined;
}

async function hashExisting(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

export interface DownloadRequest {
  meta: FileMetadata;
  /** Repo path, for progress reports. */
  file: string;
  /** The `.incomplete` file to write (resumed when present). */
  incompletePath: string;
  /** Milliseconds without a byte before giving up. */
  stallMs: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** Called when a `Range` resume is requested, with the offset. */
  onResume?: (offset: number) => void;
}

/**
 * Download into `incompletePath`, resuming from its current length, and verify size and hash.
 * On success the file holds exactly the blob; on 'interrupted' it is kept; on 'corrupt' removed.
 */
export async function downloadToIncomplete(req: DownloadRequest, ctx: TransferContext): Promise<void> {
  const { meta } = req;
  let offset = await fsp.stat(req.incompletePath).then(
    (s) => s.size,
    () => 0,
  );
  if (offset > meta.size) {
    await fsp.rm(req.incompletePath, { force: true });
    offset = 0;
  }
  const hasher = blobHasher(meta.etag, meta.size);
  const controller = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, controller.signal]) : controller.signal;
  let stallTimer: NodeJS.Timeout | undefined;
  const armStall = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => controller.abort(), req.stallMs);
  };
  let bytes = offset;
  try {
    armStall();
    const rangeHeaders: Record<string, string> = offset > 0 && offset < meta.size ? { Range: `bytes=${offset}-` } : {};
    if (rangeHeaders.Range) req.onResume?.(offset);
    const { response } = await fetchFollowing(
      meta.downloadUrl,
      { method: 'GET', headers: rangeHeaders, signal },
      ctx,
      true,
    );
    if (response.status === 416) {
      // The server refuses our offset: start over next attempt.
      await fsp.rm(req.incompletePath, { force: true });
      throw new HubTransferError('interrupted', 'the server refused to resume (HTTP 416)');
    }
    if (!response.ok || !response.body) {
      throw new HubTransferError(
        'http',
        `HTTP ${response.status}`,
        response.status,
        response.headers.get('x-error-code') ?? undefined,
      );
    }
    if (offset > 0 && response.status !== 206) bytes = 0; // no Range support: start over
    if (hasher && bytes > 0) await hashExisting(req.incompletePath, hasher.hash);
    const fh = await fsp.open(req.incompletePath, bytes > 0 ? 'a' : 'w');
    try {
      const reader = response.body.getReader();
      req.onProgress?.({ file: req.file, bytes, total: meta.size });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armStall();
        if (bytes + value.byteLength > meta.size) {
          throw new HubTransferError('corrupt', `received more than the expected ${meta.size} bytes`);
        }
        await fh.write(value);
        hasher?.hash.update(value);
        bytes += value.byteLength;
        req.onProgress?.({ file: req.file, bytes, total: meta.size });
      }
    } finally {
      await fh.close();
    }
  } catch (error) {
    clearTimeout(stallTimer);
    if (error instanceof HubTransferError) {
      if (error.failure === 'corrupt') await fsp.rm(req.incompletePath, { force: true });
      throw error;
    }
    if (ctx.signal?.aborted) throw new HubTransferError('aborted', 'Cancelled.');
    if (controller.signal.aborted) {
      throw new HubTransferError(
        'interrupted',
        `no data for ${Math.round(req.stallMs / 1000)} s (stalled at ${bytes} of ${meta.size} bytes)`,
      );
    }
    const cause = classifyFetchError(error, ctx.signal);
    throw new HubTransferError('interrupted', `connection lost at ${bytes} of ${meta.size} bytes (${cause.message})`);
  }
  clearTimeout(stallTimer);
  if (bytes < meta.size) {
    throw new HubTransferError('interrupted', `connection closed at ${bytes} of ${meta.size} bytes`);
  }
  if (hasher) {
    const digest = hasher.hash.digest('hex');
    if (digest !== meta.etag) {
      await fsp.rm(req.incompletePath, { force: true });
      throw new HubTransferError(
        'corrupt',
        `${hasher.algo} of the downloaded bytes is ${digest}, the hub says ${meta.etag}`,
      );
    }
  }
}
