import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../../../test/helpers/fake-hub.js';
import { isWhisperxError } from '../errors.js';
import type { DownloadProgress, HubOptions } from './hub-options.js';
import { resolveRepoFile, snapshotFiles } from './resolve-file.js';

const REPO = 'org/tiny';
const GATED = 'org/gated';
const TOKEN = 'hf_TestTokenAbcdefgh123456';
const BIG = randomBytes(200_000);
const CONFIG = JSON.stringify({ model_type: 'whisper' });

let hub: FakeHub;
let home: string;
let cache: string;

function opts(extra: HubOptions = {}, env: Record<string, string> = {}): HubOptions {
  return { env: { HF_HOME: home, HF_ENDPOINT: hub.endpoint, ...env }, ...extra };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function expectOneLine(error: Error, ...parts: string[]): void {
  expect(isWhisperxError(error)).toBe(true);
  expect(error.message).not.toContain('\n');
  for (const p of parts) expect(error.message).toContain(p);
}

beforeAll(async () => {
  hub = await startFakeHub({
    token: TOKEN,
    repos: {
      [REPO]: { files: { 'config.json': CONFIG, 'onnx/encoder_model.onnx': BIG, 'pytorch_model.bin': 'pickle' } },
      [GATED]: { gated: true, files: { 'config.json': CONFIG } },
    },
  });
});
afterAll(async () => hub.close());
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'wx-hub-'));
  cache = path.join(home, 'hub');
  hub.requests.length = 0;
  for (const k of Object.keys(hub.behaviour)) delete (hub.behaviour as Record<string, unknown>)[k];
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('resolveRepoFile', () => {
  it('lands the first download in the huggingface_hub cache layout, and the second call makes no request', async () => {
    const commit = hub.commitOf(REPO);
    const sha = hub.sha256Of(REPO, 'onnx/encoder_model.onnx');
    const sha1 = hub.gitSha1Of(REPO, 'config.json');
    const onnx = await resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts({ token: TOKEN }));
    const config = await resolveRepoFile(REPO, 'config.json', opts());
    const storage = path.join(cache, 'models--org--tiny');
    expect(onnx).toBe(path.join(storage, 'snapshots', commit, 'onnx', 'encoder_model.onnx'));
    expect(config).toBe(path.join(storage, 'snapshots', commit, 'config.json'));
    expect(readdirSync(storage).sort()).toEqual(['blobs', 'refs', 'snapshots']);
    expect(readdirSync(path.join(storage, 'blobs')).sort()).toEqual([sha1, sha].sort());
    expect(readFileSync(path.join(storage, 'refs', 'main'), 'utf8')).toBe(commit);
    expect(lstatSync(onnx).isSymbolicLink()).toBe(true);
    expect(readlinkSync(onnx)).toBe(`../../../blobs/${sha}`);
    expect(readlinkSync(config)).toBe(`../../blobs/${sha1}`);
    expect(readFileSync(onnx).equals(BIG)).toBe(true);
    expect(readFileSync(config, 'utf8')).toBe(CONFIG);
    // The token goes to the hub only, never to the CDN it redirects to.
    const cdnGets = hub.requests.filter((r) => r.server === 'cdn');
    expect(cdnGets).toHaveLength(1);
    expect(cdnGets[0].headers.authorization).toBeUndefined();
    expect(
      hub.requests.find((r) => r.server === 'hub' && r.path.includes('encoder_model'))?.headers.authorization,
    ).toBe(`Bearer ${TOKEN}`);

    const before = hub.requests.length;
    expect(await resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts())).toBe(onnx);
    expect(hub.requests.length).toBe(before);
    const map = await snapshotFiles(REPO, ['config.json', 'onnx/encoder_model.onnx'], opts());
    expect([...map.values()]).toEqual([config, onnx]);
    expect(hub.requests.length).toBe(before);
  });

  it('offline: a cached file is returned without a request; a missing one fails with one clear line', async () => {
    const online = await resolveRepoFile(REPO, 'config.json', opts());
    const before = hub.requests.length;
    expect(await resolveRepoFile(REPO, 'config.json', opts({}, { HF_HUB_OFFLINE: '1' }))).toBe(online);
    expect(await resolveRepoFile(REPO, 'config.json', opts({ localFilesOnly: true }))).toBe(online);
    const miss = await failure(resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts({}, { HF_HUB_OFFLINE: '1' })));
    expectOneLine(
      miss,
      REPO,
      'onnx/encoder_model.onnx',
      path.join(cache, 'models--org--tiny'),
      '--model <local folder>',
      'HF_HUB_OFFLINE',
    );
    expect(hub.requests.length).toBe(before);
  });

  it('sends HF_TOKEN as a bearer token, explains 401 on gated repos, and never shows the token', async () => {
    expect(readFileSync(await resolveRepoFile(GATED, 'config.json', opts({}, { HF_TOKEN: TOKEN })), 'utf8')).toBe(
      CONFIG,
    );
    expect(hub.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    rmSync(cache, { recursive: true, force: true });
    const noToken = await failure(resolveRepoFile(GATED, 'config.json', opts()));
    expectOneLine(noToken, GATED, 'gated or private repo', 'accept its terms', '--hf_token', 'HF_TOKEN');
    const wrong = 'hf_WrongTokenXyz987654321';
    const wrongErr = await failure(resolveRepoFile(GATED, 'config.json', opts({ token: wrong })));
    expect(wrongErr.message).toContain('gated or private repo');
    expect(wrongErr.message).not.toContain(wrong);
    const unknown = await failure(resolveRepoFile('org/nope', 'config.json', opts()));
    expectOneLine(unknown, 'org/nope', 'not found');
    const entry = await failure(resolveRepoFile(REPO, 'missing.json', opts()));
    expectOneLine(entry, 'missing.json', 'not found');
  });

  it('resumes an interrupted download with Range and reports monotonic progress', async () => {
    hub.behaviour.cutAfterBytes = 60_000;
    hub.behaviour.cutTimes = 1;
    const events: DownloadProgress[] = [];
    const p = await resolveRepoFile(
      REPO,
      'onnx/encoder_model.onnx',
      opts({ onProgress: (e) => events.push({ ...e }) }),
    );
    expect(readFileSync(p).equals(BIG)).toBe(true);
    const gets = hub.requests.filter((r) => r.server === 'cdn');
    expect(gets).toHaveLength(2);
    expect(gets[0].headers.range).toBeUndefined();
    const offset = Number(/^bytes=(\d+)-$/.exec(String(gets[1].headers.range))?.[1]);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(60_000);
    for (let i = 1; i < events.length; i++) expect(events[i].bytes).toBeGreaterThanOrEqual(events[i - 1].bytes);
    expect(events.at(-1)).toEqual({ file: 'onnx/encoder_model.onnx', bytes: BIG.length, total: BIG.length });
  });

  it('keeps the .incomplete file when every attempt is cut, and the next call resumes it', async () => {
    hub.behaviour.cutAfterBytes = 50_000;
    const err = await failure(resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts()));
    expectOneLine(err, 'interrupted', 'run again to resume');
    const incomplete = path.join(
      cache,
      'models--org--tiny',
      'blobs',
      `${hub.sha256Of(REPO, 'onnx/encoder_model.onnx')}.incomplete`,
    );
    const partial = statSync(incomplete).size;
    expect(partial).toBeGreaterThan(0);
    delete hub.behaviour.cutAfterBytes;
    hub.requests.length = 0;
    const p = await resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts());
    expect(readFileSync(p).equals(BIG)).toBe(true);
    expect(hub.requests.find((r) => r.server === 'cdn')?.headers.range).toBe(`bytes=${partial}-`);
    expect(existsSync(incomplete)).toBe(false);
  });

  it('rejects and removes a blob whose hash is wrong (LFS sha256 and git sha1)', async () => {
    hub.behaviour.corrupt = true;
    const storage = path.join(cache, 'models--org--tiny');
    for (const file of ['onnx/encoder_model.onnx', 'config.json']) {
      const err = await failure(resolveRepoFile(REPO, file, opts()));
      expectOneLine(err, file, 'failed verification');
      expect(readdirSync(path.join(storage, 'blobs'))).toEqual([]);
      expect(existsSync(path.join(storage, 'snapshots', hub.commitOf(REPO), file))).toBe(false);
    }
    hub.behaviour.corrupt = false;
    expect(readFileSync(await resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts())).equals(BIG)).toBe(true);
  });

  it('refuses pickle checkpoints without a request', async () => {
    const err = await failure(resolveRepoFile(REPO, 'pytorch_model.bin', opts()));
    expectOneLine(err, 'pytorch_model.bin', 'pickle');
    expect(hub.requests).toHaveLength(0);
  });

  it('an unreachable hub gives one line naming --model and the cache; a cached file is used instead', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadEndpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(resolveRepoFile(REPO, 'config.json', opts({ endpoint: deadEndpoint, token: TOKEN })));
    expectOneLine(
      err,
      'Cannot reach the Hugging Face hub',
      '--model <local folder>',
      path.join(cache, 'models--org--tiny'),
    );
    expect(err.message).not.toContain(TOKEN);
    expect(err.stack ?? '').not.toContain(TOKEN);
    const cached = await resolveRepoFile(REPO, 'config.json', opts());
    const logs: string[] = [];
    const again = await resolveRepoFile(
      REPO,
      'config.json',
      opts({ endpoint: deadEndpoint, checkForUpdates: true, log: (l) => logs.push(l) }),
    );
    expect(again).toBe(cached);
    expect(logs.join('\n')).toContain('unreachable');
  });

  it('a stalled download is abandoned after downloadTimeoutS and reported as resumable', async () => {
    hub.behaviour.chunkDelayMs = 400;
    hub.behaviour.chunkSize = 50_000;
    const err = await failure(resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts({ downloadTimeoutS: 0.15 })));
    expectOneLine(err, 'interrupted', 'no data');
  });

  it('two concurrent calls in one process download once', async () => {
    hub.behaviour.chunkDelayMs = 2;
    const [a, b] = await Promise.all([
      resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts()),
      resolveRepoFile(REPO, 'onnx/encoder_model.onnx', opts()),
    ]);
    expect(a).toBe(b);
    expect(readFileSync(a).equals(BIG)).toBe(true);
    expect(hub.requests.filter((r) => r.server === 'cdn')).toHaveLength(1);
  });

  it('two processes downloading the same file both succeed with one correct blob', async () => {
    // Transpile the hub module (it imports only node: modules and ../errors.js) for plain node.
    const out = mkdtempSync(path.join(tmpdir(), 'wx-hub-js-'));
    const src = path.resolve(import.meta.dirname, '..');
    const files = [
      'errors.ts',
      ...readdirSync(path.join(src, 'hub'))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => `hub/${f}`),
    ];
    mkdirSync(path.join(out, 'hub'));
    for (const f of files) {
      const js = ts.transpileModule(readFileSync(path.join(src, f), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      }).outputText;
      writeFileSync(path.join(out, f.replace(/\.ts$/, '.js')), js);
    }
    writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
    const child = path.join(out, 'child.js');
    writeFileSync(
      child,
      `import { resolveRepoFile } from './hub/index.js';
       const log = (line) => process.stderr.write(line + '\\n');
       const p = await resolveRepoFile(process.argv[2], process.argv[3], { env: process.env, log });
       process.stdout.write(JSON.stringify({ path: p }));`,
    );
    hub.behaviour.chunkDelayMs = 25; // ~0.6 s per download, so the second process meets the lock
    const run = (): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const proc = spawn(process.execPath, [child, REPO, 'onnx/encoder_model.onnx'], {
          env: { PATH: process.env.PATH ?? '', HF_HOME: home, HF_ENDPOINT: hub.endpoint },
        });
        let stdout = '';
        let stderr = '';
        proc.stdout.on('data', (d) => (stdout += d));
        proc.stderr.on('data', (d) => (stderr += d));
        proc.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    try {
      const results = await Promise.all([run(), run()]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const paths = results.map((r) => (JSON.parse(r.stdout) as { path: string }).path);
      expect(paths[0]).toBe(paths[1]);
      expect(readFileSync(paths[0]).equals(BIG)).toBe(true);
      const blobs = readdirSync(path.join(cache, 'models--org--tiny', 'blobs'));
      expect(blobs).toEqual([hub.sha256Of(REPO, 'onnx/encoder_model.onnx')]);
      expect(hub.requests.filter((r) => r.server === 'cdn')).toHaveLength(1);
      expect(results.map((r) => r.stderr).join('')).toContain('waiting for another process');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
