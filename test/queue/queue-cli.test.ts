/**
 * The queue commands' surface on a real redis-server with a password: the password never
 * appears in any output, unreachable or refusing Redis fails fast with one line, and failed
 * jobs can be retried and waiting jobs drained.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from '../helpers/cli.js';
import { kitPath, REPO_ROOT } from '../helpers/kit.js';
import { freePort, RedisServer, redisServerPath } from '../helpers/redis.js';

const PASSWORD = 'Sekr1t-pa55word';

describe.runIf(redisServerPath() !== undefined || process.env.CI)('whisperx queue commands', () => {
  let redis: RedisServer;
  let url: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'wx-queue-cli-'));

  beforeAll(async () => {
    redis = await RedisServer.start(['--requirepass', PASSWORD]);
    url = `redis://:${PASSWORD}@127.0.0.1:${redis.port}/4`;
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('fails a bad job once, lists it, retries it, drains it; the password is never printed', async () => {
    const broken = path.join(dir, 'broken.wav');
    writeFileSync(broken, 'not audio at all\n');
    const model = ['--model', kitPath('whisper-mini'), '--vad_method', 'none', '--no_align', '--output_format', 'txt'];
    const outputs: string[] = [];
    const enq = await runCli(['enqueue', broken, '--queue', url, ...model]);
    outputs.push(enq.stdout, enq.stderr);
    expect(enq.code, enq.stderr).toBe(0);
    expect(enq.stderr).toContain(`redis://:***@127.0.0.1:${redis.port}/4`);

    const worker = spawn(process.execPath, [CLI_BIN, 'worker', '--queue', url, '--stalled_interval', '3'], {
      cwd: REPO_ROOT,
      env: { ...process.env, HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    worker.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
    const end = Date.now() + 60_000;
    while (!log.includes('failed ') && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    worker.kill('SIGTERM');
    const code = await new Promise((r) => worker.once('exit', r));
    outputs.push(log);
    expect(code).toBe(0);
    expect(log).toMatch(/failed wx-[0-9a-f]+ .*broken\.wav: .*not an audio or video file/);

    const status = await runCli(['queue', 'status', '--queue', url]);
    outputs.push(status.stdout, status.stderr);
    expect(status.stdout).toMatch(/0 waiting, 0 active, 0 delayed \(retry backoff\), 0 completed, 1 failed/);
    expect(status.stdout).toMatch(/failed wx-[0-9a-f]+ .*broken\.wav: Cannot decode/);

    const retry = await runCli(['queue', 'retry-failed', '--queue', url]);
    outputs.push(retry.stdout, retry.stderr);
    expect(retry.stderr).toMatch(/moved 1 failed job back to waiting/);
    const waiting = JSON.parse((await runCli(['queue', 'status', '--queue', url, '--json'])).stdout);
    expect(waiting.counts).toMatchObject({ waiting: 1, failed: 0 });

    const drain = await runCli(['queue', 'drain', '--queue', url]);
    outputs.push(drain.stdout, drain.stderr);
    expect(drain.stderr).toMatch(/removed 1 waiting job/);
    const empty = JSON.parse((await runCli(['queue', 'status', '--queue', url, '--json'])).stdout);
    expect(empty.counts).toMatchObject({ waiting: 0, failed: 0, active: 0 });

    for (const text of outputs) expect(text).not.toContain(PASSWORD);
  }, 90_000);

  it('a wrong password or no Redis fails fast with one line, the password hidden', async () => {
    const wrong = await runCli(['queue', 'status', '--queue', `redis://:not-${PASSWORD}@127.0.0.1:${redis.port}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/WRONGPASS|NOAUTH|invalid username-password/i);
    expect(wrong.stderr).not.toContain(PASSWORD);

    const port = await freePort();
    const nobody = await runCli(['queue', 'status', '--queue', `redis://:${PASSWORD}@127.0.0.1:${port}`]);
    expect(nobody.code).toBe(1);
    expect(nobody.ms).toBeLessThan(15_000);
    expect(nobody.stderr).toMatch(/ECONNREFUSED.*Start redis-server there or fix --queue/);
    expect(nobody.stderr).toContain(`redis://:***@127.0.0.1:${port}`);
    expect(nobody.stderr).not.toContain(PASSWORD);

    const bad = await runCli(['queue', 'status', '--queue', 'http://127.0.0.1:1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unsupported scheme http:/);
    const action = await runCli(['queue', 'explode', '--queue', url]);
    expect(action.code).toBe(2);
  }, 60_000);
});
