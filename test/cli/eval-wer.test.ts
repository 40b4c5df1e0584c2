/**
 * `pnpm eval:wer` end to end (the built binary): scoring another system's hypotheses, the
 * --max_wer gate, bad lists refused with the row named and no report written, and the pipeline
 * path on the kit's random-weight Whisper (gibberish text, so only the mechanics are checked).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kitPath, REPO_ROOT } from '../helpers/kit.js';

const BIN = path.join(REPO_ROOT, 'packages/cli/dist/eval-wer-bin.js');
const JFK = kitPath('audio/jfk.wav');
const JFK_TEXT = readFileSync(kitPath('audio/jfk.txt'), 'utf8').trim();

function evalWer(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        HF_HUB_OFFLINE: '1',
        WHISPERX_TS_EVAL_CACHE: mkdtempSync(path.join(tmpdir(), 'evalcache-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function lists(rows: Array<[string, string]>, hyps?: Array<[string, string]>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'evalwer-'));
  const data = path.join(dir, 'data.tsv');
  writeFileSync(data, rows.map(([p, t]) => `${p}\t${t}\n`).join(''));
  const hyp = path.join(dir, 'hyp.tsv');
  if (hyps) writeFileSync(hyp, hyps.map(([p, t]) => `${p}\t${t}\n`).join(''));
  return { dir, data, hyp };
}

describe('eval:wer', () => {
  it('scores hypotheses with the English normaliser and ends with the WER line', async () => {
    const twin = path.join(mkdtempSync(path.join(tmpdir(), 'evalwav-')), 'twin.wav');
    writeFileSync(twin, readFileSync(JFK));
    const { dir, data, hyp } = lists(
      [
        [JFK, JFK_TEXT],
        [twin, 'Press one for twenty-one dollars.'],
      ],
      [
        [
          JFK,
          'and so my fellow americans ask not what your country can do for you ask what you can do for your country',
        ],
        [twin, 'press 1 for $21 please'],
      ],
    );
    const json = path.join(dir, 'report.json');
    const r = await evalWer(['--data', data, '--hyp', hyp, '--language', 'en', '--json', json]);
    expect(r.stderr).toMatch(/normaliser: no spelling map/);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('WER 0.00% (S0 D0 I0 of 22)');
    expect(lines[1]).toContain('WER 25.00% (S0 D0 I1 of 4)');
    expect(lines[2]).toBe('WER 3.85% (26 words, 2 files)');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.totals).toMatchObject({ insertions: 1, reference: 26 });
    expect(report.files[1].normalizedHypothesis).toBe('press one for $21 please');
    expect(readdirSync(dir).sort()).toEqual(['data.tsv', 'hyp.tsv', 'report.json']);
  });

  it('strips diacritics on request for references written without accents (basic normaliser)', async () => {
    const { data, hyp } = lists([[JFK, 'Marque el numero de extension']], [[JFK, 'Marque el número de extensión.']]);
    const kept = await evalWer(['--data', data, '--hyp', hyp, '--language', 'es']);
    expect(kept.stdout).toMatch(/^WER 40\.00% \(5 words, 1 files\)$/m);
    const stripped = await evalWer(['--data', data, '--hyp', hyp, '--language', 'es', '--remove_diacritics']);
    expect(stripped.stdout).toMatch(/^WER 0\.00% \(5 words, 1 files\)$/m);
  });

  it('exits 1 above --max_wer and 2 on a bad list, naming the row, writing no report', async () => {
    const { data, hyp, dir } = lists([[JFK, JFK_TEXT]], [[JFK, 'and so my fellow americans']]);
    const over = await evalWer(['--data', data, '--hyp', hyp, '--language', 'en', '--max_wer', '10']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/WER 77\.27% is above --max_wer 10%/);

    const bad = path.join(dir, 'bad.tsv');
    writeFileSync(bad, `${JFK}\tok\nnot-there.wav\tmissing\n`);
    const json = path.join(dir, 'never.json');
    const r = await evalWer(['--data', bad, '--model', kitPath('whisper-mini'), '--json', json]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.tsv:2: not-there\.wav does not exist/);
    expect(existsSync(json)).toBe(false);

    const unknown = await evalWer(['--data', data, '--hyp', hyp, '--no_such_flag']);
    expect(unknown.code).toBe(2);
  });

  it('transcribes every row through the pipeline with the given decoding flags', async () => {
    const { data, dir } = lists([[JFK, JFK_TEXT]]);
    const json = path.join(dir, 'report.json');
    const r = await evalWer([
      '--data',
      data,
      '--model',
      kitPath('whisper-mini'),
      '--backend',
      'onnx',
      '--language',
      'en',
      '--beam_size',
      '1',
      '--temperature_increment_on_fallback',
      'None',
      '--max_new_tokens',
      '12',
      '--json',
      json,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^WER \d+\.\d\d% \(22 words, 1 files\)$/m);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.options).toMatchObject({ language: 'en', align: false, diarize: false });
    expect(report.options.asrOptions).toMatchObject({ beamSize: 1, maxNewTokens: 12 });
    expect(report.files[0].hypothesis.length).toBeGreaterThan(0);
    expect(report.audioSeconds).toBeCloseTo(11, 0);
  });
});
