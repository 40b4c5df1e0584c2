/**
 * Silero on a worker thread, through the compiled package (the worker script exists only in
 * dist/; from the TypeScript sources the VAD runs in the caller's thread): the same windows as in
 * the caller's thread, errors and cancellation carried back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitPath, readKitWav } from '../helpers/kit.js';

const dist = '../../packages/core/dist';
type Core = typeof import('../../packages/core/src/index.js');
type VadModule = typeof import('../../packages/core/src/vad/index.js');
type WorkerClient = typeof import('../../packages/core/src/vad/silero-worker-client.js');

let core: Core;
let vad: VadModule;
let client: WorkerClient;
let silero: InstanceType<Core['SileroVad']>;

beforeAll(async () => {
  core = (await import(`${dist}/index.js`)) as Core;
  vad = (await import(`${dist}/vad/index.js`)) as VadModule;
  client = (await import(`${dist}/vad/silero-worker-client.js`)) as WorkerClient;
  silero = await core.SileroVad.load();
});
afterAll(async () => silero?.release());

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of stream) out.push(x);
  return out;
}

describe('Silero VAD on a worker thread', () => {
  it('gives the windows of the caller-thread VAD, with progress', async () => {
    const source = await core.openAudioSource(kitPath('audio/two-speakers.wav'));
    try {
      expect(client.canRunVadInWorker(source)).toBe(true);
      const progress: number[] = [];
      for (const chunkSize of [5, 30]) {
        const inWorker = await collect(
          client.sileroWindowsInWorker(source, {
            modelPath: silero.modelPath,
            vad: { chunkSize },
            onProgress: (f) => progress.push(f),
          }),
        );
        const inThread = await collect(vad.detectSpeechWindowStream(source, { model: silero, chunkSize }));
        expect(inWorker.length).toBeGreaterThan(0);
        expect(inWorker).toEqual(inThread);
      }
      expect(progress.at(-1)).toBe(1);
      // the source is still usable: the worker attached to its descriptor without closing it
      expect(source.read(0, 10).length).toBe(10);
    } finally {
      await source.close();
    }
  });

  it('gives the pipeline the same transcript as the caller-thread VAD', async () => {
    const file = kitPath('audio/two-speakers.wav');
    const asrOptions = { maxNewTokens: 12, beamSize: 1, temperature: [0] };
    const results = [];
    for (const thread of ['worker', 'caller'] as const) {
      const asr = await core.loadModel(kitPath('whisper-mini'), {
        threads: 1,
        language: 'en',
        asrOptions,
        vadOptions: { thread },
      });
      try {
        results.push(await asr.transcribe(file, { batchSize: 4, chunkSize: 10 }));
      } finally {
        await asr.dispose();
      }
    }
    expect(results[0].segments.length).toBeGreaterThan(0);
    expect(results[0]).toEqual(results[1]);
  });

  it('is not used for samples in memory', () => {
    expect(client.canRunVadInWorker(core.asSampleSource(readKitWav(kitPath('audio/jfk.wav'))))).toBe(false);
  });

  it('carries errors back as WhisperxErrors, and stops on abort', async () => {
    const source = await core.openAudioSource(kitPath('audio/two-speakers.wav'));
    try {
      const bad = client.sileroWindowsInWorker(source, { modelPath: '/nonexistent/silero.onnx', vad: {} });
      await expect(collect(bad)).rejects.toMatchObject({ name: 'WhisperxError' });
      await expect(
        collect(client.sileroWindowsInWorker(source, { modelPath: '/nonexistent/silero.onnx', vad: {} })),
      ).rejects.toThrow('/nonexistent/silero.onnx');
      const controller = new AbortController();
      controller.abort();
      const aborted = client.sileroWindowsInWorker(source, {
        modelPath: silero.modelPath,
        vad: {},
        signal: controller.signal,
      });
      await expect(collect(aborted)).rejects.toMatchObject({ kind: 'aborted' });
      const late = new AbortController();
      const started = performance.now();
      const stream = client.sileroWindowsInWorker(source, {
        modelPath: silero.modelPath,
        vad: {},
        signal: late.signal,
        onProgress: () => late.abort(),
      });
      await expect(collect(stream)).rejects.toMatchObject({ kind: 'aborted' });
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await source.close();
    }
  });
});
