/**
 * `whisperx enqueue FILES... --queue URL [flags]`: one BullMQ job per file and option set.
 * Idempotent: the job id comes from the file, the output folder and the options, and BullMQ
 * keeps one job per id, so enqueuing the same work twice adds nothing.
 */
import { checkMediaFile } from '@whisperx-ts/core';
import { batchInputs } from '../batch-run.js';
import type { CliFlags } from '../flags.js';
import { openQueue, redisError, type QueueTarget } from './connection.js';
import { jobData, jobId, JOB_NAME } from './job-spec.js';
import { redactQueueUrl } from './queue-url.js';

export interface EnqueueResult {
  added: number;
  existing: number;
}

/** Retries for errors that may pass (a model download, a busy disk); bad input fails at once. */
export const JOB_ATTEMPTS = 3;
export const JOB_BACKOFF_MS = 2000;

export async function enqueueFiles(
  files: readonly string[],
  flags: CliFlags,
  target: QueueTarget,
  options: { outputDirGiven: boolean; log: (line: string) => void },
): Promise<EnqueueResult> {
  const inputs = await batchInputs(files, flags, { nextToInput: !options.outputDirGiven });
  // Fail here for what the enqueuing machine can see is wrong (a typo in a path).
  for (const input of inputs) await checkMediaFile(input.file);
  const jobs = inputs.map((input) => {
    const data = jobData(input.file, input.outputDir, flags);
    return { data, id: jobId(data) };
  });
  const queue = await openQueue(target);
  try {
    let existing = 0;
    const fresh = [];
    for (const job of jobs) {
      if (await queue.getJob(job.id)) existing++;
      else fresh.push(job);
    }
    await queue.addBulk(
      fresh.map((job) => ({
        name: JOB_NAME,
        data: job.data,
        opts: {
          jobId: job.id,
          attempts: JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    options.log(
      `enqueued ${fresh.length} job${fresh.length === 1 ? '' : 's'} on ${redactQueueUrl(target.url)} (queue ${target.name})` +
        (existing > 0 ? `; ${existing} already there (same file and options)` : ''),
    );
    return { added: fresh.length, existing };
  } catch (error) {
    throw redisError(target, error);
  } finally {
    await queue.close();
  }
}
