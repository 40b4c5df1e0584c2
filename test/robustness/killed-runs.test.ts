/**
 * Interrupted runs: SIGINT / SIGTERM delivered while the CLI is in each stage (decode, vad, asr,
 * align; write in process, since it lasts microseconds) must exit 130 / 143, leave the previous
 * outputs byte-identical and leave no temporary file. Temp files of a SIGKILLed run are removed
 * by the next run that writes the same outputs.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWhisperxError, writeTranscript } from '@whisperx-ts/core';
import type { AtomicWriteFs } from '../../packages/core/src/writers/atomic-write.js';
import { runCli } from '../helpers/cli.js';
import { kitPath } from '../helpers/kit.js';

const root = mkdtempSync(path.join(tmpdir(), 'wx-killed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const JFK = kitPath('audio/jfk.wav');
const OLD = { 'jfk.srt': '1\n00:00:00,000 --> 00:00:01,000\nold run\n\n', 'jfk.json': '{"segments":[],"old":true}' };

function outWithOldFiles(name: string): string {
  const out = path.join(root, name);
  mkdirSync(out);
  for (const [f, text] of Object.entries(OLD)) writeFileSync(path.join(out, f), text);
  return out;
}

function expectOldFilesOnly(out: string): void {
  expect(readdirSync(out).sort()).toEqual(Object.keys(OLD).sort());
  for (const [f, text] of Object.entries(OLD)) expect(readFileSync(path.join(out, f), 'utf8')).toBe(text);
}

const STAGES = ['decode', 'vad', 'asr', 'align'] as const;
const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;
const cases = STAGES.flatMap((stage) => SIGNALS.map(([sig, code]) => [stage, sig, code] as const));

describe.concurrent('signals during each stage', () => {
  it.each(cases)('%s + %s', async (stage, sig, code) => {
    const out = outWithOldFiles(`${stage}-${sig}`);
    const align = stage === 'align' ? ['--align_model', kitPath('wav2vec2-mini'), '--language', 'en'] : ['--no_align'];
    // ASR reports progress only when a batch is done: signal it as it starts (VAD complete).
    const trigger =
      stage === 'asr' ? /"stage":"vad","progress":[\d.e-]+,"stageProgress":1\b/ : new RegExp(`"stage":"${stage}"`);
    let sent = false;
    let sentAt = 0;
    const r = await runCli(
      [
        JFK,
        '--model',
        kitPath('whisper-mini'),
        ...align,
        '--max_new_tokens',
        '8',
        '--threads',
        '1',
        '-o',
        out,
        '--progress',
        'jsonl',
      ],
      {
        env: { HF_HOME: path.join(root, 'hf') },
        onStderr: (chunk, kill) => {
          if (!sent && trigger.test(chunk)) {
            sent = true;
            sentAt = performance.now();
            kill(sig);
          }
        },
      },
    );
    expect(sent, r.stderr).toBe(true);
    expect(r.code, r.stderr).toBe(code);
    expect(performance.now() - sentAt, 'stops within 5 s of the signal').toBeLessThan(5000);
    expect(r.stderr).toContain(`whisperx: ${sig}, stopping`);
    expect(r.stderr).not.toMatch(/"type":"file-done"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectOldFilesOnly(out);
  });

  it('a second SIGINT stops at once (exit 130)', async () => {
    const out = outWithOldFiles('double');
    let n = 0;
    const r = await runCli(
      [JFK, '--model', kitPath('whisper-mini'), '--no_align', '--vad_method', 'none', '-o', out, '--progress', 'jsonl'],
      {
        env: { HF_HOME: path.join(root, 'hf') },
        onStderr: (chunk, kill) => {
          if (n === 0 && chunk.includes('"stage":"vad"')) {
            n++;
            kill('SIGINT');
            setTimeout(() => kill('SIGINT'), 20);
          }
        },
      },
    );
    expect(r.code).toBe(130);
    expectOldFilesOnly(out);
  });
});

describe('write stage', () => {
  it('cancellation while staging the formats replaces nothing and leaves no temp file', async () => {
    const out = outWithOldFiles('write-abort');
    const controller = new AbortController();
    let opened = 0;
    const fs: AtomicWriteFs = {
      ...nodeFs,
      open: (async (file: string, flags: string) => {
        if (++opened === 3) controller.abort(); // the signal lands while the 3rd file is being written
        return nodeFs.open(file, flags);
      }) as typeof nodeFs.open,
    };
    let error: unknown;
    try {
      await writeTranscript(
        { language: 'en', segments: [{ start: 0, end: 1, text: ' new' }] },
        { outputDir: out, baseName: 'jfk', formats: 'all', signal: controller.signal },
        fs,
      );
    } catch (e) {
      error = e;
    }
    expect(isWhisperxError(error) && error.kind).toBe('aborted');
    expectOldFilesOnly(out);
  });

  it('temp files left by a SIGKILLed run are removed by the next run', async () => {
    const out = outWithOldFiles('stale');
    const stale = ['.jfk.srt.999999999.0123456789ab.tmp', '.jfk.json.999999998.ba9876543210.tmp'];
    for (const f of stale) writeFileSync(path.join(out, f), 'half a fi');
    const unrelated = '.other.srt.999999999.0123456789ab.tmp';
    writeFileSync(path.join(out, unrelated), 'not ours');
    const r = await runCli(
      [JFK, '--model', kitPath('whisper-mini'), '--no_align', '--max_new_tokens', '8', '-o', out, '-f', 'json'],
      {
        env: { HF_HOME: path.join(root, 'hf') },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    // json was rewritten; its stale temp removed. The srt stale temp is for a format not written now: kept.
    expect(readdirSync(out).sort()).toEqual([stale[0], unrelated, 'jfk.json', 'jfk.srt'].sort());
    expect(JSON.parse(readFileSync(path.join(out, 'jfk.json'), 'utf8')).segments).toBeDefined();
  });
});
