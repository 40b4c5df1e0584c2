/**
 * `whisperx worker --queue URL [--concurrency N]`: runs queued transcriptions with the usual
 * pipeline. Outputs are written atomically (each format to a temporary file, then renamed) and
 * a batch record beside them, so a worker killed mid-job leaves nothing partial; BullMQ sees
 * its lock expire and hands the job to another worker after the stall interval. A job that is
 * already done on disk (record and outputs match) completes without work. Bad input fails once
 * (UnrecoverableError, no retries) with the message the CLI would print; other errors are
 * retried with backoff. SIGINT/SIGTERM finish the jobs in hand, then stop; a second one stops now.
 */
import os from 'node:os';
import path from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { WhisperxErrorKind } from '@whisperx-ts/core';
import { outputOptionsKey, requestedOutputs, staleReason } from '../batch-record.js';
import type { CliFlags } from '../flags.js';
import { redact } from '../main.js';
import { pipelineOptionsFromFlags } from '../pipeline-options.js';
import { resolveRunDevice } from '../run-helpers.js';
import { flagProblems } from '../validate-flags.js';
import { redisOptions, type QueueTarget } from './connection.js';
import { JobGrouper } from './job-group.js';
import { workerFlags, type TranscribeJobData } from './job-spec.js';
import { redactQueueUrl, redactSecret } from './queue-url.js';

export interface WorkerSettings {
  concurrency: number;
  /** Seconds a job's lock lasts; a worker that stops renewing it is stalled after this. */
  stalledInterval: number;
  /** Worker-machine flags that override the job's (threads, device, model cache). */
  local: Partial<CliFlags>;
}

export interface JobOutcome {
  outputs: string[];
  /** Seconds of audio, and seconds the job took. */
  duration: number;
  seconds: number;
  /** True when the outputs were already there (a re-run after a stall). */
  upToDate: boolean;
  worker: string;
}

/** Errors that no retry can fix. */
const PERMANENT = new Set<WhisperxErrorKind>(['input', 'usage', 'unavailable']);

/** The concrete device per --device value, resolved once per worker (auto probes the GPU). */
type DeviceCache = Map<string, Promise<string>>;

async function processJob(
  job: Job<TranscribeJobData>,
  settings: WorkerSettings,
  log: (l: string) => void,
  devices: DeviceCache,
  grouper: JobGrouper,
): Promise<JobOutcome> {
  const started = performance.now();
  const worker = `${os.hostname()}:${process.pid}`;
  const { file, outputDir } = job.data;
  const flags = workerFlags(job.data, settings.local);
  const problems = flagProblems(flags);
  if (problems.length > 0) throw new UnrecoverableError(problems.join(' '));
  const key = outputOptionsKey(flags);
  if ((await staleReason(file, outputDir, flags, key)) === undefined) {
    const outputs = requestedOutputs(file, flags).map((n) => path.join(outputDir, n));
    log(`skip ${job.id} ${file}: outputs and record already there`);
    return { outputs, duration: 0, seconds: (performance.now() - started) / 1000, upToDate: true, worker };
  }
  // No probe file in the output folder: a worker killed there would leave it behind. The writer
  // creates the folder and names it in its one-line error when it cannot.
  let device = devices.get(flags.device);
  if (device === undefined) devices.set(flags.device, (device = resolveRunDevice(flags, log)));
  const options = pipelineOptionsFromFlags({ ...flags, device: await device });
  return new Promise<JobOutcome>((resolve, reject) => {
    grouper.submit(
      {
        file,
        outputDir,
        flags,
        key,
        done: (outputs, duration) => {
          // Logged when the outputs are written, not when Redis acknowledges: one line per
          // transcription, even when a Redis restart swallows an acknowledgement.
          const seconds = (performance.now() - started) / 1000;
          log(
            `done ${job.id} ${file} -> ${outputs.length} files (${duration.toFixed(1)} s of audio in ${seconds.toFixed(2)} s)`,
          );
          resolve({ outputs, duration, seconds, upToDate: false, worker });
        },
        fail: reject,
      },
      options,
    );
  });
}

/** Run a worker until `stop` fires; resolves once the jobs in hand are finished. */
export async function runWorker(
  target: QueueTarget,
  settings: WorkerSettings,
  io: { stderr: NodeJS.WritableStream; stop: AbortSignal },
): Promise<void> {
  const devices: DeviceCache = new Map();
  const grouper = new JobGrouper((line) => say(line));
  const say = (line: string) => io.stderr.write(`${redactSecret(redact(line), target.connection)}\n`);
  const worker = new Worker<TranscribeJobData, JobOutcome>(
    target.name,
    async (job) => {
      try {
        return await processJob(job, settings, say, devices, grouper);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        const kind = (error as { kind?: WhisperxErrorKind }).kind;
        const permanent = error instanceof UnrecoverableError || (kind !== undefined && PERMANENT.has(kind));
        // Logged here, not on BullMQ's 'failed' event, so a lost acknowledgement loses no line.
        const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        say(`${final ? 'failed' : 'retry'} ${job.id} ${job.data.file}: ${message}`);
        throw permanent ? new UnrecoverableError(message) : new Error(message);
      }
    },
    {
      connection: redisOptions(target, true),
      concurrency: settings.concurrency,
      lockDuration: settings.stalledInterval * 1000,
      stalledInterval: settings.stalledInterval * 1000,
      maxStalledCount: 2,
      autorun: false,
    },
  );
  let lastError = '';
  worker.on('error', (error) => {
    const line = `worker: Redis ${redactQueueUrl(target.url)}: ${error.message.split('\n')[0]} (retrying)`;
    if (line !== lastError) say(line);
    lastError = line;
  });
  /** BullMQ has no event for a reconnection: the first job event after an error says it. */
  const reconnected = () => {
    if (lastError) say(`worker: connected to ${redactQueueUrl(target.url)} again`);
    lastError = '';
  };
  worker.on('active', (job) => {
    reconnected();
    say(`start ${job.id} ${job.data.file}`);
  });
  worker.on('completed', () => reconnected());
  say(
    `worker ${os.hostname()}:${process.pid} on ${redactQueueUrl(target.url)} (queue ${target.name}), concurrency ${settings.concurrency}`,
  );
  const stopped = new Promise<void>((resolve) => {
    if (io.stop.aborted) resolve();
    io.stop.addEventListener('abort', () => resolve(), { once: true });
  });
  const running = worker.run();
  await stopped;
  say('worker: stopping after the jobs in hand...');
  await worker.close();
  await running.catch(() => undefined);
}
