/**
 * `whisperx queue status|retry-failed|drain --queue URL`: what the queue holds (counts and the
 * failed jobs with their reasons), putting failed jobs back, and removing jobs not started yet.
 */
import { openQueue, redisError, type QueueTarget } from './connection.js';
import type { TranscribeJobData } from './job-spec.js';
import { redactQueueUrl } from './queue-url.js';

export interface QueueStatus {
  counts: Record<'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed', number>;
  failed: Array<{ id: string; file: string; reason: string; attempts: number }>;
}

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export async function queueStatus(target: QueueTarget): Promise<QueueStatus> {
  const queue = await openQueue(target);
  try {
    const raw = await queue.getJobCounts(...STATES);
    const counts = Object.fromEntries(STATES.map((s) => [s, raw[s] ?? 0])) as QueueStatus['counts'];
    const failedJobs = await queue.getFailed(0, -1);
    const failed = failedJobs.map((job) => ({
      id: String(job.id),
      file: (job.data as TranscribeJobData).file,
      reason: job.failedReason ?? '',
      attempts: job.attemptsMade,
    }));
    return { counts, failed };
  } catch (error) {
    throw redisError(target, error);
  } finally {
    await queue.close();
  }
}

export function formatStatus(target: QueueTarget, status: QueueStatus): string {
  const c = status.counts;
  const lines = [
    `queue ${target.name} on ${redactQueueUrl(target.url)}: ${c.waiting + c.prioritized} waiting, ${c.active} active, ${c.delayed} delayed (retry backoff), ${c.completed} completed, ${c.failed} failed`,
  ];
  for (const f of status.failed) lines.push(`failed ${f.id} ${f.file}: ${f.reason}`);
  return `${lines.join('\n')}\n`;
}

/** Put every failed job back in the queue; returns how many. */
export async function retryFailed(target: QueueTarget): Promise<number> {
  const queue = await openQueue(target);
  try {
    const count = await queue.getFailedCount();
    await queue.retryJobs({ state: 'failed' });
    return count;
  } catch (error) {
    throw redisError(target, error);
  } finally {
    await queue.close();
  }
}

/** Remove waiting and delayed jobs (active ones finish; finished ones stay listed). */
export async function drainQueue(target: QueueTarget): Promise<number> {
  const queue = await openQueue(target);
  try {
    const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized');
    await queue.drain(true);
    return (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
  } catch (error) {
    throw redisError(target, error);
  } finally {
    await queue.close();
  }
}
