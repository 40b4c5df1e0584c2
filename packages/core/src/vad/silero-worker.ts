/**
 * Worker-thread entry of the Silero VAD: onnxruntime-node runs a session synchronously on the
 * thread that calls it, so Silero gets its own thread to run beside Whisper's sessions instead
 * of taking turns with them. It reads the audio through the file descriptor of the main thread's
 * source and posts each speech window as soon as it is final (see silero-worker-client.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attachSharedSource, type SharedSource } from '../audio/pcm-source.js';
import { detectSpeechWindowStream, type VadOptions } from './index.js';
import { SileroVad } from './silero.js';
import type { SpeechWindow } from './merge-chunks.js';

/** What the worker is started with. */
export interface SileroWorkerData {
  source: SharedSource;
  modelPath: string;
  options: Omit<VadOptions, 'model' | 'signal' | 'onProgress' | 'session'>;
}

/** Messages to the main thread. */
export type SileroWorkerMessage =
  | { type: 'window'; window: SpeechWindow }
  | { type: 'progress'; fraction: number }
  | { type: 'done' }
  | { type: 'error'; kind?: string; message: string };

async function main(port: NonNullable<typeof parentPort>, data: SileroWorkerData): Promise<void> {
  const post = (m: SileroWorkerMessage) => port.postMessage(m);
  // A stop request ends the pass between Silero runs (terminating the thread inside a native
  // onnxruntime call is not safe); the thread then exits by itself.
  const stop = new AbortController();
  port.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') stop.abort();
  });
  const audio = attachSharedSource(data.source);
  let model: SileroVad | undefined;
  try {
    // No memory arena: Silero's tensors are tiny, and this thread's onnxruntime would reserve its own.
    model = await SileroVad.load({ modelPath: data.modelPath, session: { threads: 1, cpuMemArena: false } });
    const stream = detectSpeechWindowStream(audio, {
      ...data.options,
      model,
      signal: stop.signal,
      onProgress: (fraction) => post({ type: 'progress', fraction }),
    });
    for await (const window of stream) post({ type: 'window', window });
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', kind: (error as { kind?: string }).kind, message: (error as Error).message });
  } finally {
    await model?.release();
    await audio.close();
    port.close();
  }
}

if (parentPort) void main(parentPort, workerData as SileroWorkerData);
