/**
 * A local imitation of the Hugging Face hub for tests (no network): two HTTP servers on
 * 127.0.0.1 — the hub (resolve + api endpoints) and a CDN on another origin that large (LFS)
 * files redirect to, as huggingface.co does.
 *
 *   HEAD|GET /{org}/{name}/resolve/{revision}/{path}
 *       LFS files (.onnx, .onnx_data, .safetensors): 302 to {cdn}/blobs/{sha256} with
 *       X-Repo-Commit, X-Linked-Etag (sha256), X-Linked-Size.
 *       Other files: 200 with ETag (git blob sha1), X-Repo-Commit, Content-Length.
 *   GET /api/models/{org}/{name}/revision/{revision}   {id, sha, siblings: [{rfilename}]}
 *   GET {cdn}/blobs/{sha256}                           the bytes, with Range support
 *
 * Errors as the hub sends them: unknown repo 401 RepoNotFound, gated repo without the right token
 * 401 GatedRepo, unknown revision 404 RevisionNotFound, unknown file 404 EntryNotFound.
 * `behaviour` is mutable per test: cut the connection mid-body, serve a wrong hash, be slow,
 * ignore Range, or fail every request with one status.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRepo {
  /** Repo path -> content. */
  files: Record<string, string | Uint8Array>;
  /** Commit hash the repo's main points to. Default: derived from the contents. */
  commit?: string;
  /** Needs `Authorization: Bearer <token>` with the hub's token. */
  gated?: boolean;
  /** Other revision names (e.g. `refs/pr/1`) that serve the same files. Default: only main. */
  revisions?: string[];
}

export interface FakeHubBehaviour {
  /** Cut the connection after sending this many body bytes of a GET. */
  cutAfterBytes?: number;
  /** How many GET bodies to cut before serving normally again. Default: all. */
  cutTimes?: number;
  /** Serve bytes whose hash differs from the advertised one (same length). */
  corrupt?: boolean;
  /** Delay between body chunks (ms). */
  chunkDelayMs?: number;
  /** Body chunk size in bytes. Default 8192. */
  chunkSize?: number;
  /** Ignore Range headers (always 200 with the whole body). */
  noRange?: boolean;
  /** Answer every hub request (not the CDN) with this status. */
  failStatus?: number;
}

export interface RecordedRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FakeHub {
  /** Base URL to use as HF_ENDPOINT. */
  endpoint: string;
  /** Origin of the CDN server. */
  cdnOrigin: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  behaviour: FakeHubBehaviour;
  commitOf(repo: string): string;
  sha256Of(repo: string, path: string): string;
  gitSha1Of(repo: string, path: string): string;
  close(): Promise<void>;
}

export const LFS_RE = /\.(onnx|onnx_data(_\d+)?|onnx\.data|safetensors)$/;

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Uint8Array): string => createHash('sha1').update(`blob ${b.byteLength}\0`).update(b).digest('hex');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function toBytes(v: string | Uint8Array): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startFakeHub(options: { repos: Record<string, FakeRepo>; token?: string }): Promise<FakeHub> {
  const repos = new Map<string, { commit: string; files: Map<string, Buffer>; gated: boolean; revisions: string[] }>();
  const blobsBySha = new Map<string, Buffer>();
  for (const [id, repo] of Object.entries(options.repos)) {
    const files = new Map(Object.entries(repo.files).map(([p, c]) => [p, toBytes(c)] as const));
    const commit =
      repo.commit ??
      createHash('sha1')
        .update(id)
        .update(JSON.stringify([...files.keys()]))
        .digest('hex');
    repos.set(id, { commit, files, gated: repo.gated ?? false, revisions: repo.revisions ?? [] });
    for (const [p, b] of files) if (LFS_RE.test(p)) blobsBySha.set(sha256(b), b);
  }
  const requests: RecordedRequest[] = [];
  const behaviour: FakeHubBehaviour = {};
  let cutsDone = 0;

  async function sendBody(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<void> {
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
    if (range && !behaviour.noRange) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` });
        res.end();
        return;
      }
    }
    const status = start > 0 ? 206 : 200;
    const out = Buffer.from(body.subarray(start));
    if (behaviour.corrupt && out.length > 0) out[out.length - 1] ^= 0xff;
    res.writeHead(status, {
      ...headers,
      'Accept-Ranges': 'bytes',
      'Content-Length': String(out.length),
      ...(status === 206 ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    const cut = behaviour.cutAfterBytes !== undefined && cutsDone < (behaviour.cutTimes ?? Infinity);
    if (cut) cutsDone++;
    const chunk = behaviour.chunkSize ?? 8192;
    for (let sent = 0; sent < out.length; sent += chunk) {
      let piece = out.subarray(sent, Math.min(out.length, sent + chunk));
      if (cut && sent + piece.length > behaviour.cutAfterBytes!) {
        piece = piece.subarray(0, behaviour.cutAfterBytes! - sent);
        if (piece.length > 0) await new Promise<void>((r) => res.write(piece, () => r()));
        await sleep(20);
        res.socket?.destroy();
        return;
      }
      if (!res.write(piece)) await new Promise((r) => res.once('drain', r));
      if (behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
      if (res.destroyed) return;
    }
    res.end();
  }

  function error(res: http.ServerResponse, status: number, code: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Error-Code': code, ...extra });
    res.end(JSON.stringify({ error: code }));
  }

  let cdnOrigin = '';
  const hub = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ server: 'hub', method: req.method ?? '', path: url.pathname, headers: req.headers });
    if (behaviour.failStatus) return error(res, behaviour.failStatus, 'Failure');
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const repoId = decodeURIComponent((api ?? resolve)?.[1] ?? '');
    const repo = repos.get(repoId);
    if (!api && !resolve) return error(res, 404, 'NotFound');
    if (!repo) return error(res, 401, 'RepoNotFound');
    if (repo.gated && req.headers.authorization !== `Bearer ${options.token}`) return error(res, 401, 'GatedRepo');
    const revision = decodeURIComponent((api ?? resolve)![2]);
    if (revision !== 'main' && revision !== repo.commit && !repo.revisions.includes(revision))
      return error(res, 404, 'RevisionNotFound');
    if (api) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(
        JSON.stringify({
          id: repoId,
          sha: repo.commit,
          siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })),
        }),
      );
    }
    const filePath = resolve![3].split('/').map(decodeURIComponent).join('/');
    const body = repo.files.get(filePath);
    if (!body) return error(res, 404, 'EntryNotFound', { 'X-Repo-Commit': repo.commit });
    if (LFS_RE.test(filePath)) {
      const sha = sha256(body);
      res.writeHead(302, {
        Location: `${cdnOrigin}/blobs/${sha}?file=${encodeURIComponent(filePath)}`,
        'X-Repo-Commit': repo.commit,
        'X-Linked-Etag': `"${sha}"`,
        'X-Linked-Size': String(body.length),
        ETag: `W/"redirect-${sha.slice(0, 8)}"`,
        'Content-Length': '0',
      });
      return void res.end();
    }
    void sendBody(req, res, body, { ETag: `"${gitSha1(body)}"`, 'X-Repo-Commit': repo.commit });
  });
  const cdn = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ server: 'cdn', method: req.method ?? '', path: url.pathname, headers: req.headers });
    const m = /^\/blobs\/([0-9a-f]{64})$/.exec(url.pathname);
    const body = m ? blobsBySha.get(m[1]) : undefined;
    if (!body) return error(res, 404, 'NoSuchKey');
    void sendBody(req, res, body, { ETag: `"${m![1]}"` });
  });
  const endpoint = await listen(hub);
  cdnOrigin = await listen(cdn);

  const fileOf = (repo: string, p: string): Buffer => {
    const b = repos.get(repo)?.files.get(p);
    if (!b) throw new Error(`fake hub: no ${repo}/${p}`);
    return b;
  };
  return {
    endpoint,
    cdnOrigin,
    requests,
    behaviour,
    commitOf: (repo) => repos.get(repo)!.commit,
    sha256Of: (repo, p) => sha256(fileOf(repo, p)),
    gitSha1Of: (repo, p) => gitSha1(fileOf(repo, p)),
    async close() {
      for (const s of [hub, cdn]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}
