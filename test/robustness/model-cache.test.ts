/**
 * The model cache at process level: the real CLI fetching `test-org/whisper-mini` (a copy of the
 * kit's whisper-mini ONNX export) from the fake hub (HF_ENDPOINT) into a private HF_HOME.
 *  - SIGKILL mid-download, then a re-run: it completes, and nothing incomplete is ever treated as
 *    complete (no snapshot pointer to a partial blob; blobs match the hub's sha256);
 *  - a server that cuts connections: resumed transparently, or a one-line error and a resume later;
 *  - two CLI processes fetching the same model at once both succeed;
 *  - offline with a partial cache fails naming the missing file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startFakeHub, type FakeHub } from '../helpers/fake-hub.js';
import { kitPath } from '../helpers/kit.js';
import { media } from './cases.js';

const REPO = 'test-org/whisper-mini';
const FILES = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/encoder_model.onnx',
  'onnx/decoder_model_merged.onnx',
];
const BIG = 'onnx/decoder_model_merged.onnx';

let hub: FakeHub;
const root = mkdtempSync(path.join(tmpdir(), 'wx-cache-'));
beforeAll(async () => {
  const files = Object.fromEntries(FILES.map((f) => [f, readFileSync(kitPath('whisper-mini', f))]));
  hub = await startFakeHub({ repos: { [REPO]: { files } } });
});
afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

function reset(): void {
  hub.requests.length = 0;
  for (const k of Object.keys(hub.behaviour)) delete (hub.behaviour as Record<string, unknown>)[k];
}

function transcribe(
  home: string,
  extra: { env?: Record<string, string>; onStderr?: NonNullable<Parameters<typeof runCli>[1]>['onStderr'] } = {},
): Promise<CliResult> {
  const out = path.join(home, 'out');
  return runCli(
    [
      media('speech-16k-s16.wav'),
      '--model',
      REPO,
      '--no_align',
      '--max_new_tokens',
      '4',
      '--threads',
      '1',
      '-o',
      out,
      '-f',
      'json',
      '--progress',
      'jsonl',
    ],
    {
      env: {
        HF_HOME: home,
        HF_ENDPOINT: hub.endpoint,
        HF_HUB_OFFLINE: '0',
        HF_HUB_DOWNLOAD_TIMEOUT: '5',
        ...extra.env,
      },
      onStderr: extra.onStderr,
      timeoutMs: 90_000,
    },
  );
}

const storage = (home: string): string => path.join(home, 'hub', 'models--test-org--whisper-mini');

/** Every file the snapshot exposes resolves to bytes with the hub's hash; nothing partial is linked. */
function expectCacheConsistent(home: string): string[] {
  const snapshots = path.join(storage(home), 'snapshots');
  const linked: string[] = [];
  if (!existsSync(snapshots)) return linked;
  for (const commit of readdirSync(snapshots)) {
    for (const rel of readdirSync(path.join(snapshots, commit), { recursive: true, encoding: 'utf8' })) {
      const abs = path.join(snapshots, commit, rel);
      if (statSync(abs).isDirectory()) continue;
      const sha = createHash('sha256').update(readFileSync(abs)).digest('hex');
      expect(sha, rel).toBe(hub.sha256Of(REPO, rel));
      linked.push(rel);
    }
  }
  return linked.sort();
}

function blobsLeft(home: string): string[] {
  const blobs = path.join(storage(home), 'blobs');
  return existsSync(blobs) ? readdirSync(blobs) : [];
}

describe('model cache through the CLI (fake hub)', () => {
  it('downloads test-org/whisper-mini on first use and transcribes', async () => {
    reset();
    const home = mkdtempSync(path.join(root, 'first-'));
    const r = await transcribe(home);
    expect(r.code, r.stderr).toBe(0);
    expect(expectCacheConsistent(home)).toEqual([...FILES].sort());
    expect(blobsLeft(home).filter((b) => /\.(incomplete|lock)$/.test(b))).toEqual([]);
  });

  it('SIGKILL mid-download leaves nothing treated as complete; the next run completes it', async () => {
    reset();
    hub.behaviour.chunkDelayMs = 4;
    hub.behaviour.chunkSize = 64 * 1024;
    const home = mkdtempSync(path.join(root, 'kill-'));
    let killed = false;
    const r1 = await transcribe(home, {
      onStderr: (chunk, kill) => {
        const m = /"stageProgress":([\d.e-]+)[^\n]*downloading onnx\/decoder_model_merged\.onnx/.exec(chunk);
        if (!killed && m && Number(m[1]) > 0.2) {
          killed = true;
          kill('SIGKILL');
        }
      },
    });
    expect(killed, r1.stderr.slice(-500)).toBe(true);
    expect(r1.signal).toBe('SIGKILL');
    // The big file is not in the snapshot; what is there is whole.
    expect(expectCacheConsistent(home)).not.toContain(BIG);
    expect(blobsLeft(home).some((b) => b.endsWith('.incomplete'))).toBe(true);

    reset();
    const r2 = await transcribe(home);
    expect(r2.code, r2.stderr).toBe(0);
    expect(expectCacheConsistent(home)).toEqual([...FILES].sort());
    expect(blobsLeft(home).filter((b) => /\.(incomplete|lock)$/.test(b))).toEqual([]);
    // It resumed: the blob request asked for the bytes after the partial file.
    const ranged = hub.requests.filter((q) => q.server === 'cdn' && q.headers.range);
    expect(ranged.length).toBeGreaterThan(0);
    expect(String(ranged[0].headers.range)).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it('SIGINT mid-download exits 130 at once, releases the lock, and links nothing partial', async () => {
    reset();
    hub.behaviour.chunkDelayMs = 4;
    hub.behaviour.chunkSize = 64 * 1024;
    const home = mkdtempSync(path.join(root, 'int-'));
    let sentAt = 0;
    const r = await transcribe(home, {
      onStderr: (chunk, kill) => {
        if (!sentAt && /downloading onnx\/decoder_model_merged\.onnx/.test(chunk)) {
          sentAt = performance.now();
          kill('SIGINT');
        }
      },
    });
    expect(sentAt).toBeGreaterThan(0);
    expect(r.code, r.stderr).toBe(130);
    expect(performance.now() - sentAt).toBeLessThan(3000);
    expect(expectCacheConsistent(home)).not.toContain(BIG);
    expect(blobsLeft(home).filter((b) => b.endsWith('.lock'))).toEqual([]);
  });

  it('a server that cuts the connection once: resumed within the same run', async () => {
    reset();
    hub.behaviour.cutAfterBytes = 300_000;
    hub.behaviour.cutTimes = 1;
    const home = mkdtempSync(path.join(root, 'cut1-'));
    const r = await transcribe(home);
    expect(r.code, r.stderr).toBe(0);
    expect(expectCacheConsistent(home)).toEqual([...FILES].sort());
  });

  it('a server that always cuts: one-line error naming the file, exit 1; a later run resumes', async () => {
    reset();
    hub.behaviour.cutAfterBytes = 200_000;
    const home = mkdtempSync(path.join(root, 'cut-'));
    const r = await transcribe(home);
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('whisperx: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/test-org\/whisper-mini: download of onnx\/\S+ interrupted .*run again to resume it/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(home, 'out')) ? readdirSync(path.join(home, 'out')) : []).toEqual([]);
    const before = expectCacheConsistent(home);
    expect(before).not.toContain(BIG);

    reset();
    const again = await transcribe(home);
    expect(again.code, again.stderr).toBe(0);
    expect(expectCacheConsistent(home)).toEqual([...FILES].sort());
  });

  it('two CLI processes fetching the same model at once both succeed', async () => {
    reset();
    hub.behaviour.chunkDelayMs = 1;
    hub.behaviour.chunkSize = 128 * 1024;
    const home = mkdtempSync(path.join(root, 'two-'));
    const [a, b] = await Promise.all([
      transcribe(home, { env: { HF_HOME: home } }),
      runCli(
        [
          media('speech.flac'),
          '--model',
          REPO,
          '--no_align',
          '--max_new_tokens',
          '4',
          '--threads',
          '1',
          '-o',
          path.join(home, 'out2'),
          '-f',
          'json',
        ],
        {
          env: { HF_HOME: home, HF_ENDPOINT: hub.endpoint, HF_HUB_OFFLINE: '0' },
          timeoutMs: 90_000,
        },
      ),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(expectCacheConsistent(home)).toEqual([...FILES].sort());
    // One copy in the cache, and the big blob crossed the wire once: the second process waited on
    // the lock (or found the blob done) instead of downloading it again.
    expect(blobsLeft(home).filter((x) => !/\.(incomplete|lock)$/.test(x))).toHaveLength(FILES.length);
    const bigGets = hub.requests.filter(
      (q) => q.server === 'cdn' && q.method === 'GET' && q.path.endsWith(hub.sha256Of(REPO, BIG)),
    );
    expect(bigGets).toHaveLength(1);
  });

  it('offline with a partial cache fails with one line naming the missing file', async () => {
    reset();
    const home = mkdtempSync(path.join(root, 'offline-'));
    expect((await transcribe(home)).code).toBe(0);
    // Drop the decoder from the cache (pointer and blob), as an interrupted first download leaves it.
    const snap = path.join(storage(home), 'snapshots', hub.commitOf(REPO));
    rmSync(path.join(storage(home), 'blobs', hub.sha256Of(REPO, BIG)));
    rmSync(path.join(snap, BIG));
    expect(expectCacheConsistent(home)).not.toContain(BIG);
    reset();
    const r = await transcribe(home, { env: { HF_HUB_OFFLINE: '1' } });
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('whisperx: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('decoder_model_merged.onnx');
    expect(errors[0]).toMatch(/HF_HUB_OFFLINE|offline/);
    expect(hub.requests).toEqual([]);
  });
});
