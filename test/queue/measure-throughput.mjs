#!/usr/bin/env node
/**
 * Queue throughput on this machine (BENCHMARKS.md, "Many machines"): a real redis-server,
 * `whisperx enqueue` of N copies of the kit's jfk.wav, then 1 worker (all threads) and 2 workers
 * (1 thread each), each also with --concurrency 8 (jobs grouped, one model load per group),
 * until the queue is empty. Reports jobs/s, audio seconds per second, each job's
 * own time, BullMQ's time around it, the gap from a finish to the worker's next start, and the
 * enqueue-to-start latency of a job sent to an idle worker. Needs `pnpm build` and redis-server.
 *
 *   node test/queue/measure-throughput.mjs [jobs=24]
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'packages/cli/dist/bin.js');
const KIT = process.env.WHISPERX_KIT_DIR ?? path.resolve(ROOT, '../shared/conformance');
const { Queue } = createRequire(path.join(ROOT, 'packages/cli/package.json'))('bullmq');
const JOBS = Number(process.argv[2] ?? 24);
const MODEL = ['--model', path.join(KIT, 'whisper-mini'), '--vad_method', 'none', '--no_align', '--language', 'en'];
const FLAGS = [...MODEL, '--max_new_tokens', '20', '--output_format', 'txt'];

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const work = mkdtempSync(path.join(tmpdir(), 'wx-queue-bench-'));
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', work, '--save', ''], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve) => redis.stdout.on('data', (d) => d.toString().includes('Ready to accept') && resolve()));
const url = `redis://127.0.0.1:${port}`;

function cli(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HF_HUB_OFFLINE: '1' },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r;
}

async function jobsOf(queue) {
  const jobs = await queue.getJobs(['completed'], 0, -1);
  return jobs.map((j) => ({
    enq: j.timestamp,
    start: j.processedOn,
    end: j.finishedOn,
    own: j.returnvalue.seconds * 1000,
    audio: j.returnvalue.duration,
    worker: j.returnvalue.worker,
  }));
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function round(label, workers, threads, concurrency = 1) {
  const name = `bench-${workers}w-${concurrency}c`;
  const dir = path.join(work, name);
  mkdirSync(dir);
  for (let i = 0; i < JOBS; i++) copyFileSync(path.join(KIT, 'audio/jfk.wav'), path.join(dir, `jfk-${i}.wav`));
  const t0 = Date.now();
  cli(['enqueue', '--batch', dir, '--queue', url, '--queue_name', name, ...FLAGS]);
  const enqueueMs = Date.now() - t0;
  const procs = Array.from({ length: workers }, () =>
    spawn(
      process.execPath,
      [
        CLI,
        'worker',
        '--queue',
        url,
        '--queue_name',
        name,
        '--threads',
        String(threads),
        '--concurrency',
        String(concurrency),
      ],
      {
        stdio: 'ignore',
        env: { ...process.env, HF_HUB_OFFLINE: '1' },
      },
    ),
  );
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port } });
  while ((await queue.getCompletedCount()) < JOBS) await new Promise((r) => setTimeout(r, 100));
  const jobs = await jobsOf(queue);
  // Enqueue-to-start with idle workers: one job at a time.
  const idle = [];
  for (let i = 0; i < 3; i++) {
    const file = path.join(dir, `idle-${i}.wav`);
    copyFileSync(path.join(KIT, 'audio/jfk.wav'), file);
    cli(['enqueue', file, '--queue', url, '--queue_name', name, ...FLAGS]);
    while ((await queue.getCompletedCount()) < JOBS + i + 1) await new Promise((r) => setTimeout(r, 20));
    const all = await jobsOf(queue);
    const last = all.sort((a, b) => b.enq - a.enq)[0];
    idle.push(last.start - last.enq);
  }
  await Promise.all(procs.map((p) => new Promise((r) => (p.once('exit', r), p.kill('SIGTERM')))));
  await queue.close();
  const span = Math.max(...jobs.map((j) => j.end)) - Math.min(...jobs.map((j) => j.start));
  const gaps = [];
  for (const w of new Set(jobs.map((j) => j.worker))) {
    const mine = jobs.filter((j) => j.worker === w).sort((a, b) => a.start - b.start);
    for (let i = 1; i < mine.length; i++) gaps.push(mine[i].start - mine[i - 1].end);
  }
  const audio = jobs.reduce((a, j) => a + j.audio, 0);
  return {
    label,
    jobs: JOBS,
    'enqueue ms (all jobs)': enqueueMs,
    'jobs/s': +(JOBS / (span / 1000)).toFixed(2),
    'audio s per s': +(audio / (span / 1000)).toFixed(1),
    'job own ms': Math.round(mean(jobs.map((j) => j.own))),
    'bullmq around job ms': +mean(jobs.map((j) => j.end - j.start - j.own)).toFixed(1),
    'finish to next start ms': +mean(gaps).toFixed(1),
    'enqueue to start (idle) ms': Math.round(mean(idle)),
  };
}

/** The same files in one `whisperx --batch` process (model loaded once per group of 16). */
function batchRound() {
  const dir = path.join(work, 'batch');
  mkdirSync(dir);
  for (let i = 0; i < JOBS; i++) copyFileSync(path.join(KIT, 'audio/jfk.wav'), path.join(dir, `jfk-${i}.wav`));
  const t0 = Date.now();
  cli(['--batch', dir, '-o', path.join(dir, 'out'), ...FLAGS]);
  const seconds = (Date.now() - t0) / 1000;
  return {
    label: 'no queue: one whisperx --batch',
    jobs: JOBS,
    'jobs/s': +(JOBS / seconds).toFixed(2),
    'audio s per s': +((JOBS * 11) / seconds).toFixed(1),
  };
}

const results = [];
results.push(batchRound());
console.error(
  `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
results.push(await round('1 worker, all threads', 1, 0));
results.push(await round('2 workers, 1 thread each', 2, 1));
results.push(await round('1 worker, all threads, --concurrency 8', 1, 0, 8));
results.push(await round('2 workers, 1 thread each, --concurrency 8', 2, 1, 8));
console.table(results);
console.log(JSON.stringify(results));
console.error(
  `load average after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
redis.kill('SIGTERM');
