/**
 * BullMQ connection options for a parsed --queue URL. Short-lived commands (enqueue, queue
 * status, ...) give up after a few attempts with one line; workers keep reconnecting so a Redis
 * restart only pauses them.
 */
import { Queue } from 'bullmq';
import { WhisperxError } from '@whisperx-ts/core';
import { parseQueueUrl, redactQueueUrl, redactSecret, type QueueConnection } from './queue-url.js';

export interface QueueTarget {
  url: string;
  name: string;
  connection: QueueConnection;
}

export function queueTarget(url: string, name: string): QueueTarget {
  return { url, name, connection: parseQueueUrl(url) };
}

/** Options for ioredis through BullMQ. */
export function redisOptions(target: QueueTarget, longLived: boolean): Record<string, unknown> {
  return {
    ...target.connection,
    // BullMQ workers need unlimited retries per request (blocking commands).
    maxRetriesPerRequest: longLived ? null : 1,
    connectTimeout: 5000,
    retryStrategy: longLived
      ? (times: number) => Math.min(200 * times, 2000)
      : (times: number) => (times > 3 ? null : 200 * times),
  };
}

/** The one line for a Redis failure, naming the queue without its password. */
export function redisError(target: QueueTarget, error: unknown): WhisperxError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = redactSecret(error instanceof Error ? error.message.split('\n')[0] : String(error), target.connection);
  return new WhisperxError(
    'network',
    `Queue ${redactQueueUrl(target.url)}: ${code ?? reason}${code && !reason.includes(code) ? ` (${reason})` : ''}. Start redis-server there or fix --queue.`,
    { cause: error },
  );
}

/** Open the queue for a short command, proving Redis answers first. */
export async function openQueue(target: QueueTarget): Promise<Queue> {
  const queue = new Queue(target.name, { connection: redisOptions(target, false) });
  let lastError: unknown;
  queue.on('error', (e) => (lastError = e));
  try {
    await queue.waitUntilReady();
    return queue;
  } catch (error) {
    await queue.close().catch(() => undefined);
    throw redisError(target, lastError ?? error);
  }
}
