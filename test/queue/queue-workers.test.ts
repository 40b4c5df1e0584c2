/**
 * Many machines on one: a real redis-server, several `whisperx worker` processes, 52 short jobs
 * (50 clips + 2 bad files), one worker SIGKILLed mid-job and one Redis restart. Afterwards every
 * good job is done exactly once (one "done" across all worker logs, one set of outputs, nothing
 * partial), the bad ones failed once each with the CLI's error and are listed by `queue status`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from '../helpers/cli.js';
import { kitPath, readKitWav, REPO_ROOT } from '../helpers/kit.js';
import { RedisServer, redisServerPath } from '../helpers/redis.js';
import { pcmWav } from '../helpers/wav.js';

const GOOD = 50;
const BAD = 2;
const MODEL = [
  '--model',
  kitPath('whisper-mini'),
  '--vad_method',
  'none',
  '--no_align',
  '--language',
  'en',
  '--max_new_tokens',
  '2',
  '--output_format',
  'txt',
];

interface WorkerProc {
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

function startWorker(url: string, concurrency = 1): WorkerProc {
  const child = spawn(
    process.execPath,
    [
      CLI_BIN,
      'worker',
      '--queue',
      url,
      '--stalled_interval',
      '5',
      '--threads',
      '1',
      '--concurrency',
      String(concurrency),
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const w: WorkerProc = { child, log: '', exited: new Promise((r) => child.once('exit', (code) => r(code))) };
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (w.log += d));
  return w;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Status {
  counts: Record<string, number>;
  failed: Array<{ id: string; file: string; reason: string; attempts: number }>;
}

async function status(url: string): Promise<Status> {
  const r = await runCli(['queue', 'status', '--queue', url, '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Status;
}

const lines = (log: string, verb: string) =>
  log
    .split('\n')
    .filter((l) => l.startsWith(`${verb} `))
    .map((l) => l.split(' ')[1]);

describe.runIf(redisServerPath() !== undefined || process.env.CI)(
  'whisperx enqueue / worker / queue on redis-server',
  () => {
    let redis: RedisServer;
    const workers: WorkerProc[] = [];
    const root = mkdtempSync(path.join(tmpdir(), 'wx-queue-'));
    const input = path.join(root, 'in');
    const out = path.join(root, 'out');

    beforeAll(async () => {
      redis = await RedisServer.start();
      mkdirSync(input);
      const speech = readKitWav(kitPath('audio/jfk.wav'));
      for (let i = 0; i < GOOD; i++) {
        const start = Math.round(((i * 0.19) % 9.5) * 16000);
        writeFileSync(
          path.join(input, `clip-${String(i).padStart(2, '0')}.wav`),
          pcmWav(16000, { from: speech.subarray(start, start + 16000) }),
        );
      }
      for (let i = 0; i < BAD; i++) writeFileSync(path.join(input, `broken-${i}.wav`), `not audio ${i}\n`);
    });

    afterAll(async () => {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await redis?.stop();
    });

    it('runs every job exactly once through a worker kill and a Redis restart', async () => {
      const url = `redis://127.0.0.1:${redis.port}/1`;
      const enq = await runCli(['enqueue', '--batch', input, '--queue', url, '-o', out, ...MODEL]);
      expect(enq.code, enq.stderr).toBe(0);
      expect(enq.stderr).toContain(`enqueued ${GOOD + BAD} jobs`);
      const again = await runCli(['enqueue', '--batch', input, '--queue', url, '-o', out, ...MODEL]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`enqueued 0 jobs`);
      expect(again.stderr).toContain(`${GOOD + BAD} already there`);

      // The first worker takes 4 jobs at a time and runs them as one group (one model load).
      workers.push(startWorker(url, 4), startWorker(url), startWorker(url));
      // Kill the third worker in the middle of its second job.
      const victim = workers[2];
      await until('the victim to start a second job', () => lines(victim.log, 'start').length >= 2, 60_000);
      victim.child.kill('SIGKILL');
      await victim.exited;
      const finished = [...lines(victim.log, 'done'), ...lines(victim.log, 'failed')];
      const killedJobs = lines(victim.log, 'start').filter((id) => !finished.includes(id));
      expect(killedJobs.length).toBeGreaterThanOrEqual(1);

      // Restart Redis once part of the work is done.
      await until('15 jobs done', async () => (await status(url)).counts.completed >= 15, 90_000);
      await redis.restart();
      const doneAtRestart = (await status(url)).counts.completed;

      await until(
        'the queue to empty',
        async () => {
          const s = await status(url);
          return s.counts.completed + s.counts.failed === GOOD + BAD;
        },
        120_000,
      );
      const final = await status(url);
      for (const w of workers.slice(0, 2)) w.child.kill('SIGTERM');
      const codes = await Promise.all(workers.slice(0, 2).map((w) => w.exited));
      expect(codes).toEqual([0, 0]);

      expect(final.counts).toMatchObject({ completed: GOOD, failed: BAD, waiting: 0, active: 0, delayed: 0 });
      // Bad input: failed once (no retries), with the CLI's error, listed by status.
      expect(final.failed.map((f) => path.basename(f.file)).sort()).toEqual(['broken-0.wav', 'broken-1.wav']);
      for (const f of final.failed) {
        expect(f.attempts).toBe(1);
        expect(f.reason).toMatch(/not an audio or video file/);
      }
      const human = await runCli(['queue', 'status', '--queue', url]);
      expect(human.stdout).toMatch(new RegExp(`${GOOD} completed, ${BAD} failed`));
      expect(human.stdout).toContain('broken-0.wav');

      // Exactly once: one "done" per good job across all workers' logs, the killed job among them.
      const allLogs = workers.map((w) => w.log).join('\n');
      const done = lines(allLogs, 'done');
      writeFileSync(path.join(root, 'workers.log'), workers.map((w, i) => `== worker ${i}\n${w.log}`).join('\n'));
      expect(done, `logs in ${path.join(root, 'workers.log')}`).toHaveLength(GOOD);
      expect(new Set(done).size).toBe(GOOD);
      for (const id of killedJobs) expect(done).toContain(id);
      expect(lines(allLogs, 'failed')).toHaveLength(BAD);
      expect(lines(allLogs, 'retry')).toHaveLength(0);
      // The survivors carried on after the restart (the queue survived it: append-only file).
      expect(doneAtRestart).toBeGreaterThanOrEqual(15);
      expect(doneAtRestart).toBeLessThan(GOOD);

      // Outputs: one transcript and one record per clip, nothing partial, nothing for bad inputs.
      const files = readdirSync(out).sort();
      expect(files.filter((f) => f.endsWith('.txt'))).toHaveLength(GOOD);
      expect(files.filter((f) => f.endsWith('.whisperx-record.json'))).toHaveLength(GOOD);
      expect(files.filter((f) => f.startsWith('.') || f.endsWith('.tmp'))).toEqual([]);
      expect(files.filter((f) => f.startsWith('broken'))).toEqual([]);
      expect(files).toHaveLength(2 * GOOD);
      for (const f of files.filter((n) => n.endsWith('.whisperx-record.json'))) {
        const record = JSON.parse(readFileSync(path.join(out, f), 'utf8'));
        expect(record.outputs).toEqual([f.replace('.whisperx-record.json', '.txt')]);
      }
    }, 240_000);
  },
);
