/**
 * Runs every row of cases.ts through the real CLI binary and checks the recorded behaviour:
 * exit code, a single stderr line naming the cause, no stack trace (unless --verbose), and no
 * partial or empty output file. Also keeps cases.md (the table for people) in step.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { kitPath, REPO_ROOT } from '../helpers/kit.js';
import { CLI_CASES, DISK_FULL_CASE, LONG_SILENCE_CASE, media, type CliCase } from './cases.js';

const WHISPER = kitPath('whisper-mini');
const roots: string[] = [];
const scratch = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'wx-robust-'));
  roots.push(d);
  return d;
};
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

function withDefaults(args: string[], out: string): string[] {
  const full = [...args];
  if (!full.includes('--model')) full.push('--model', WHISPER);
  if (!full.includes('-o')) full.push('-o', out);
  full.push('--no_align', '--max_new_tokens', '8', '--threads', '1');
  // Files after `--` must stay last: move the flags in front of it.
  const dd = full.indexOf('--');
  return dd >= 0 ? [...full.slice(0, dd), ...full.slice(dd + 2), '--', full[dd + 1]] : full;
}

/** Every file below `dir`, relative, sorted (empty when dir is absent). */
function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

async function runCase(c: CliCase, extra: string[] = []) {
  const tmp = scratch();
  const out = path.join(tmp, 'out');
  const args = [...withDefaults(c.args({ tmp, out }), out), ...extra];
  const home = path.join(tmp, 'hf-home');
  const r = await runCli(args, { cwd: tmp, env: { HF_HOME: home, ...c.env }, timeoutMs: 60_000 });
  return { r, tmp, out };
}

describe.concurrent('robustness table: the real CLI on hostile inputs', () => {
  it.each(CLI_CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const { r, tmp, out } = await runCase(c);
    const { expected } = c;
    expect(r.code, r.stderr).toBe(expected.code);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (expected.code !== 0) {
      const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
      // commander adds a hint line to its own usage errors; every other failure is one line.
      expect(lines.length, r.stderr).toBe(/^error: /.test(lines[0]) ? 2 : 1);
      expect(r.stderr.trim()).toMatch(expected.stderr);
      expect(listTree(out), 'no output after a failure (but those of files finished before)').toEqual(expected.outputs);
      expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } else {
      expect(r.stderr).toMatch(expected.stderr);
      if (c.id === 'out-missing-created') {
        expect(listTree(path.join(out, 'a', 'b'))).toEqual(
          ['json', 'md', 'srt', 'tsv', 'txt', 'vtt'].map((e) => `speech-16k-s16.${e}`),
        );
      } else {
        expect(readdirSync(out).sort()).toEqual(expected.outputs);
        // json, md and vtt always hold something; srt/txt/tsv are empty for an empty transcript (as in WhisperX).
        for (const f of expected.outputs.filter((x) => /\.(json|md|vtt)$/.test(x))) {
          expect(statSync(path.join(out, f)).size, f).toBeGreaterThan(0);
        }
        const json = JSON.parse(
          readFileSync(
            path.join(
              out,
              expected.outputs.find((f) => f.endsWith('.json'))!,
            ),
            'utf8',
          ),
        );
        expect(Array.isArray(json.segments)).toBe(true);
        if (expected.segments === 'none') expect(json.segments).toEqual([]);
        if (c.id === 'tenth-second-speech') {
          expect(json.segments.length).toBeGreaterThan(0);
          for (const s of json.segments) expect(s.end).toBeLessThanOrEqual(0.1 + 1e-6);
        }
      }
    }
    if (c.id === 'name-command-substitution') {
      expect(existsSync(path.join(tmp, 'PWNED'))).toBe(false);
      expect(existsSync(path.join(REPO_ROOT, 'PWNED'))).toBe(false);
    }
  });

  it('--verbose adds the stack trace to a failure (and only then)', async () => {
    const c = CLI_CASES.find((x) => x.id === 'video-no-audio')!;
    const quiet = await runCase(c);
    const loud = await runCase(c, ['--verbose']);
    expect(quiet.r.stderr).not.toMatch(/\n\s+at /);
    expect(loud.r.code).toBe(1);
    expect(loud.r.stderr).toMatch(/^whisperx: error: Cannot decode .*no audio stream/);
    expect(loud.r.stderr).toMatch(/\n\s+at /);
  });
});

describe('cases.md', () => {
  it('lists every case with its exit code, as cases.ts records them', () => {
    const md = readFileSync(path.join(REPO_ROOT, 'test/robustness/cases.md'), 'utf8');
    const rows = new Map(
      md
        .split('\n')
        .filter((l) => /^\| `[a-z0-9-]+` \|/.test(l))
        .map((l) => {
          const cells = l.split('|').map((s) => s.trim());
          return [cells[1].replace(/`/g, ''), cells[3]] as const;
        }),
    );
    const all = [
      ...CLI_CASES.map((c) => [c.id, c.expected.code] as const),
      [LONG_SILENCE_CASE.id, LONG_SILENCE_CASE.expected.code] as const,
      [DISK_FULL_CASE.id, DISK_FULL_CASE.expected.code] as const,
    ];
    for (const [id, code] of all) expect(rows.get(id), id).toBe(String(code));
    expect(rows.size).toBe(all.length);
    expect(media('x')).toContain('fixtures/media');
  });
});
