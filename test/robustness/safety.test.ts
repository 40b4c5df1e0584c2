/**
 * Safety: no shell anywhere, pickles never loaded, tokens never shown, hostile inputs are data.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWhisperxError, loadAudio, streamAudio } from '@whisperx-ts/core';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startFakeHub, type FakeHub } from '../helpers/fake-hub.js';
import { kitPath, REPO_ROOT } from '../helpers/kit.js';
import { media } from './cases.js';

const root = mkdtempSync(path.join(tmpdir(), 'wx-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Source files of every package, the tests and the scripts (no node_modules, no build output). */
function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (['node_modules', 'dist', '.turbo', 'build', 'out', '.git', 'fixtures', '__fixtures__'].includes(entry))
      continue;
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The text of a call's parenthesised arguments starting at `open` (index of '('). */
function callArgs(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(' || text[i] === '[' || text[i] === '{') depth++;
    else if (text[i] === ')' || text[i] === ']' || text[i] === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

/** Shell use in a source text: `shell:` other than false, exec/execSync calls or imports. */
function shellProblems(text: string): string[] {
  const problems: string[] = [];
  if (/\bshell\s*:(?!\s*false\b)/.test(text)) problems.push('shell option other than false');
  // `exec(` not preceded by `.` or a word character (regex.exec is fine).
  if (/(?<![.\w$])exec(Sync)?\s*\(/.test(text)) problems.push('exec()/execSync()');
  if (/\b(exec|execSync)\b[^;]*from\s+['"](node:)?child_process['"]/.test(text)) problems.push('imports exec');
  if (/child_process['"]\s*\)\s*\.\s*exec(Sync)?\b/.test(text)) problems.push('child_process.exec');
  if (/\b(cp|childProcess|child_process)\s*\.\s*exec(Sync)?\s*\(/.test(text)) problems.push('child_process.exec');
  return problems;
}

describe('no child process goes through a shell', () => {
  const files = ['packages', 'test', 'bench', 'scripts']
    .map((d) => path.join(REPO_ROOT, d))
    .filter(existsSync)
    .flatMap((d) => sourceFiles(d));
  const self = path.join(REPO_ROOT, 'test/robustness/safety.test.ts');

  it('scans a real tree', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('no `shell: true`, no exec()/execSync() of child_process', () => {
    const offenders = files
      .filter((f) => f !== self)
      .flatMap((file) =>
        shellProblems(readFileSync(file, 'utf8')).map((p) => `${path.relative(REPO_ROOT, file)}: ${p}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the scanner itself catches each pattern', () => {
    expect(shellProblems("spawn('ls', [], { shell: true })")).toEqual(['shell option other than false']);
    expect(shellProblems("spawn('ls', [], { shell: '/bin/sh' })")).toEqual(['shell option other than false']);
    expect(shellProblems("import { exec } from 'node:child_process'; exec('ls ' + f)")).toEqual([
      'exec()/execSync()',
      'imports exec',
    ]);
    expect(shellProblems('cp.execSync(`ffmpeg -i ${f}`)')).toEqual(['child_process.exec']);
    expect(shellProblems("require('child_process').exec('x')")).toEqual(['child_process.exec']);
    expect(shellProblems('const m = /x/.exec(s); spawn(cmd, args, { shell: false })')).toEqual([]);
  });

  it('every spawn/execFile call passes the command and its arguments separately', () => {
    const offenders: string[] = [];
    let calls = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!/child_process/.test(text)) continue;
      const re = /\b(spawn|spawnSync|execFile|execFileSync|nodeSpawn)\s*\(/g;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const args = callArgs(text, m.index + m[0].length - 1);
        calls++;
        // A second argument must follow the command (an array literal, a variable or a call).
        const split = args.split(/,(?![^([{]*[)\]}])/);
        if (split.length < 2 || split[1].trim() === '' || /^['"`]/.test(split[1].trim())) {
          offenders.push(`${path.relative(REPO_ROOT, file)}: ${m[1]}(${args.slice(0, 60)})`);
        }
      }
    }
    expect(calls).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});

describe('hostile media content is data', () => {
  it('a playlist renamed .mp3 that names another local file is refused, by every decoder', async () => {
    const secret = path.join(root, 'private-recording.mp3');
    writeFileSync(secret, readFileSync(media('speech.mp3')));
    const evil = path.join(root, 'evil.mp3');
    writeFileSync(evil, `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:${secret}\n#EXT-X-ENDLIST\n`);
    const concat = path.join(root, 'evil2.mp3');
    writeFileSync(concat, `ffconcat version 1.0\nfile 'private-recording.mp3'\n`);
    for (const file of [evil, concat]) {
      for (const decoder of ['auto', 'ffmpeg', 'wasm'] as const) {
        const error = await loadAudio(file, { decoder }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isWhisperxError(error) && error.kind, `${file} ${decoder}`).toBe('input');
        expect((error as Error).message).toMatch(/not an audio or video file \(it looks like text\)/);
      }
      const streamed = await (async () => {
        for await (const _ of streamAudio(file)) return 'decoded';
        return 'nothing';
      })().catch((e: unknown) => e);
      expect(isWhisperxError(streamed) && streamed.kind).toBe('input');
    }
  });

  it('a file named like an ffmpeg protocol (concat:, http:) is read as a plain local file', async () => {
    const dir = mkdtempSync(path.join(root, 'proto-'));
    const name = 'concat:a.wav|b.wav';
    writeFileSync(path.join(dir, name), readFileSync(media('speech.flac')));
    const r = await runCli(
      [name, '--model', kitPath('whisper-mini'), '--no_align', '--max_new_tokens', '4', '-o', 'out', '-f', 'json'],
      {
        cwd: dir,
        env: { HF_HOME: path.join(root, 'hf') },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['concat:a.wav|b.json']);
  });
});

describe('hostile model names are data', () => {
  it.each([
    ['$(touch PWNED)/y', 2, /is not a Hugging Face repo id/],
    ['org/..%2f..%2fetc', 2, /is not a Hugging Face repo id/],
    ['org/x?token=1', 2, /is not a Hugging Face repo id/],
    ['../no-such-model-dir', 1, /folder not found/],
  ] as const)('--model %s', async (model, code, message) => {
    const dir = mkdtempSync(path.join(root, 'model-'));
    const r = await runCli([media('speech.flac'), '--model', model, '--no_align', '-o', path.join(dir, 'out')], {
      cwd: dir,
      env: { HF_HOME: path.join(dir, 'hf'), HF_HUB_OFFLINE: '0', HF_ENDPOINT: 'http://127.0.0.1:9' },
    });
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
    expect(existsSync(path.join(dir, 'hf'))).toBe(false); // nothing written to the cache
  });
});

describe('Hugging Face tokens never appear in output', () => {
  const TOKEN = 'hf_SeCrEtToKeN0123456789abcdefXYZ';
  const ODD_TOKEN = 'not-hf-shaped-secret-42'; // redacted because it is the token in use, whatever its shape
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub({
      repos: {
        'test-org/gated': { files: { 'config.json': '{}', 'onnx/encoder_model.onnx': 'x' }, gated: true },
        'test-org/pickle-only': { files: { 'config.json': '{}', 'pytorch_model.bin': 'PK not really' } },
        'test-org/gated-mini': {
          gated: true,
          files: Object.fromEntries(
            [
              'config.json',
              'generation_config.json',
              'preprocessor_config.json',
              'tokenizer.json',
              'tokenizer_config.json',
              'onnx/encoder_model.onnx',
              'onnx/decoder_model_merged.onnx',
            ].map((f) => [f, readFileSync(kitPath('whisper-mini', f))]),
          ),
        },
      },
      token: 'the-right-token',
    });
  });
  afterAll(() => hub.close());

  const scan = (r: CliResult, out: string, secrets: string[]): void => {
    const texts = [r.stdout, r.stderr];
    if (existsSync(out)) for (const f of readdirSync(out)) texts.push(readFileSync(path.join(out, f), 'utf8'));
    for (const secret of secrets)
      for (const t of texts) expect(t.includes(secret), `${secret} leaked in: ${t.slice(0, 300)}`).toBe(false);
  };

  const failureModes: Array<[string, (dir: string) => string[], Record<string, string>]> = [
    ['missing input', (d) => [path.join(d, 'nope.wav'), '--model', 'tiny'], {}],
    [
      'hub unreachable',
      () => [media('speech.flac'), '--model', 'test-org/whatever'],
      { HF_ENDPOINT: 'http://127.0.0.1:9', HF_HUB_OFFLINE: '0', HF_HUB_ETAG_TIMEOUT: '2' },
    ],
    ['gated repo, wrong token', () => [media('speech.flac'), '--model', 'test-org/gated'], { HF_HUB_OFFLINE: '0' }],
    ['unknown repo', () => [media('speech.flac'), '--model', 'test-org/missing'], { HF_HUB_OFFLINE: '0' }],
    ['pickle-only repo', () => [media('speech.flac'), '--model', 'test-org/pickle-only'], { HF_HUB_OFFLINE: '0' }],
    ['offline, not cached', () => [media('speech.flac'), '--model', 'test-org/gated'], { HF_HUB_OFFLINE: '1' }],
  ];

  it.each(failureModes)('%s (--hf_token, HF_TOKEN, --verbose, jsonl)', async (_name, args, env) => {
    for (const [how, token] of [
      ['flag', TOKEN],
      ['env', ODD_TOKEN],
    ] as const) {
      const dir = mkdtempSync(path.join(root, 'tok-'));
      const out = path.join(dir, 'out');
      const tokenArgs = how === 'flag' ? ['--hf_token', token] : [];
      const r = await runCli(
        [...args(dir), ...tokenArgs, '--verbose', '--progress', 'jsonl', '-o', out, '--no_align'],
        {
          env: {
            HF_HOME: path.join(dir, 'hf'),
            HF_ENDPOINT: hub.endpoint,
            ...env,
            ...(how === 'env' ? { HF_TOKEN: token } : {}),
          },
          timeoutMs: 30_000,
        },
      );
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(/whisperx: error: /);
      scan(r, out, [token]);
    }
    // The gated repo really received the token (so it was in play, and still not shown).
    if (_name.startsWith('gated')) {
      expect(hub.requests.some((q) => q.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    }
  });

  it('pickle-only hub repo is refused with a message naming the pickle', async () => {
    const dir = mkdtempSync(path.join(root, 'pk-'));
    const r = await runCli(
      [media('speech.flac'), '--model', 'test-org/pickle-only', '-o', path.join(dir, 'out'), '--no_align'],
      {
        env: { HF_HOME: path.join(dir, 'hf'), HF_ENDPOINT: hub.endpoint, HF_HUB_OFFLINE: '0' },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/pickle/);
    expect(hub.requests.some((q) => q.path.endsWith('pytorch_model.bin'))).toBe(false);
  });

  it('a gated model downloads with the token, which goes to the hub only (never to the CDN)', async () => {
    const dir = mkdtempSync(path.join(root, 'gated-'));
    const out = path.join(dir, 'out');
    hub.requests.length = 0;
    const r = await runCli(
      [
        media('speech.flac'),
        '--model',
        'test-org/gated-mini',
        '--hf_token',
        'the-right-token',
        '--verbose',
        '--no_align',
        '--max_new_tokens',
        '4',
        '-o',
        out,
      ],
      { env: { HF_HOME: path.join(dir, 'hf'), HF_ENDPOINT: hub.endpoint, HF_HUB_OFFLINE: '0' } },
    );
    expect(r.code, r.stderr).toBe(0);
    const cdn = hub.requests.filter((q) => q.server === 'cdn');
    expect(cdn.length).toBeGreaterThan(0);
    for (const q of cdn) expect(q.headers.authorization).toBeUndefined();
    expect(
      hub.requests.filter((q) => q.server === 'hub').every((q) => q.headers.authorization === 'Bearer the-right-token'),
    ).toBe(true);
    scan(r, out, ['the-right-token']);
  });

  it('a successful run with a token: transcripts and progress hold no token', async () => {
    const dir = mkdtempSync(path.join(root, 'ok-'));
    const out = path.join(dir, 'out');
    const r = await runCli(
      [
        media('speech.flac'),
        '--model',
        kitPath('whisper-mini'),
        '--hf_token',
        TOKEN,
        '--verbose',
        '--progress',
        'jsonl',
        '--no_align',
        '--max_new_tokens',
        '4',
        '-o',
        out,
        '--initial_prompt',
        'hello',
      ],
      {
        env: { HF_HOME: path.join(dir, 'hf'), HF_TOKEN: ODD_TOKEN },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    scan(r, out, [TOKEN, ODD_TOKEN]);
  });
});
