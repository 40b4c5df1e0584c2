/** WhisperX 3.8 flags that scripts pass: --fp16, --log-level, -P/--python-version, --device auto. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { kitPath } from '../helpers/kit.js';

const WHISPER = kitPath('whisper-mini');
const JFK = kitPath('audio/jfk.wav');
const base = (dir: string) => [
  JFK,
  '--model',
  WHISPER,
  '--vad_method',
  'none',
  '--no_align',
  '--max_new_tokens',
  '4',
  '-o',
  dir,
];
const out = () => mkdtempSync(path.join(tmpdir(), 'wx-flags-'));

describe('WhisperX 3.8 flags', () => {
  it('-P / --python-version print the runtime and package versions and exit 0', async () => {
    for (const flag of ['-P', '--python-version']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^Node v\d+\.\d+\.\d+ .*@whisperx-ts\/core \d+\.\d+\.\d+, onnxruntime-node \d+\.\d+\.\d+\n$/,
      );
    }
    const withOthers = await runCli(['a.wav', '--model', 'tiny', '-P']);
    expect(withOthers.code).toBe(0);
  });

  it('--fp16 False is accepted (float32 on the CPU, as with the default True)', async () => {
    const dir = out();
    const r = await runCli([...base(dir), '--fp16', 'False', '--output_format', 'txt']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['jfk.txt']);
  });

  it('--log-level debug prints segments (like --verbose); warning keeps stderr quiet', async () => {
    const debug = await runCli([...base(out()), '--log-level', 'debug', '--output_format', 'json']);
    expect(debug.code).toBe(0);
    expect(debug.stderr).toMatch(/\[\d\d:\d\d\.\d{3} --> \d\d:\d\d\.\d{3}\]/);
    const r = await runCli([...base(out()), '--log-level', 'warning', '--print_progress', 'False', '-f', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--log-level error hides the --device auto fallback warning; info shows it once', async () => {
    const info = await runCli([...base(out()), '--device', 'auto', '--output_format', 'txt']);
    expect(info.code).toBe(0);
    const lines = info.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: --device auto: .*using the CPU\.$/);
    const quiet = await runCli([...base(out()), '--device', 'auto', '--log-level', 'error', '--output_format', 'txt']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('refuses an unknown level and --fp16 False with --compute_type float16 (exit 2)', async () => {
    const bad = await runCli(['a.wav', '--log-level', 'loud']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 'loud' is invalid/);
    const clash = await runCli(['a.wav', '--fp16', 'False', '--compute_type', 'float16']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/--fp16 False asks for float32/);
  });
});
