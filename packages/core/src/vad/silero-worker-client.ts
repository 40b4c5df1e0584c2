/**
 * Silero VAD on a worker thread, as a stream of final speech windows: Whisper keeps the main
 * thread's onnxruntime sessions busy while Silero reads ahead on its own thread (onnxruntime-node
 * runs a session synchronously on its caller's thread, so in one thread the two only take turns).
 * Only file-backed sources can be shared; for others, and where the compiled worker script is
 * absent (sources run under a TypeScript test runner), there is no worker and the caller runs
 * the VAD in its own thread. The windows are the same either way.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SampleSource } from '../audio/pcm-source.js';
import { WhisperxError, type WhisperxErrorKind } from '../errors.js';
import type { SpeechWindow } from './merge-chunks.js';
import type { SileroWorkerData, SileroWorkerMessage } from './silero-worker.js';

const WORKER_SCRIPT = new URL('./silero-worker.js', import.meta.url);
/** How long a stopped worker may take to exit before it is terminated. */
const STOP_GRACE_MS = 10_000;

/** Options of one VAD pass in a worker. */
export interface SileroWorkerOptions {
  /** The Silero ONNX file (the main thread's model's path). */
  modelPath: string;
  /** VAD settings (as detectSpeech's; no model, signal or callbacks). */
  vad: SileroWorkerData['options'];
  /** Stops the pass: the worker is terminated and iteration throws WhisperxError('aborted'). */
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** True when VAD passes on `source` can run on a worker thread here. */
export function canRunVadInWorker(source: SampleSource): boolean {
  return source.share?.() !== undefined && existsSync(fileURLToPath(WORKER_SCRIPT));
}

/** The speech windows of `source`, computed on a worker thread (see canRunVadInWorker). */
export async function* sileroWindowsInWorker(
  source: SampleSource,
  options: SileroWorkerOptions,
): AsyncGenerator<SpeechWindow> {
  const shared = source.share?.();
  if (!shared) throw new WhisperxError('runtime', 'sileroWindowsInWorker: this audio source cannot be shared.');
  const { signal } = options;
  if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
  const data: SileroWorkerData = { source: shared, modelPath: options.modelPath, options: options.vad };
  // A small heap: the worker holds a few blocks of samples and probabilities at a time.
  const worker = new Worker(WORKER_SCRIPT, {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  const queue: SpeechWindow[] = [];
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: SileroWorkerMessage) => {
    if (m.type === 'window') queue.push(m.window);
    else if (m.type === 'progress') options.onProgress?.(m.fraction);
    else if (m.type === 'done') finished = true;
    else failure = new WhisperxError((m.kind as WhisperxErrorKind | undefined) ?? 'runtime', m.message);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= new WhisperxError('runtime', `The VAD worker failed: ${error.message}`, { cause: error });
    notify();
  });
  const exited = new Promise<void>((resolve) =>
    worker.on('exit', (code) => {
      if (!finished)
        failure ??= new WhisperxError('runtime', `The VAD worker stopped unexpectedly (exit code ${code}).`);
      notify();
      resolve();
    }),
  );
  const onAbort = () => {
    failure ??= new WhisperxError('aborted', 'Cancelled.');
    notify();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
      if (queue.length > 0) {
        yield queue.shift()!;
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Let the worker finish its current Silero run and release its session, then exit; a thread
    // terminated inside a native call could take the process down. Terminate only if it hangs.
    if (!finished) worker.postMessage({ type: 'stop' });
    const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
