/**
 * The batched pipeline on real speech with the kit's whisper-mini model and the shipped Silero
 * VAD: segments inside the detected speech, identical across batch sizes, streamed in order,
 * silence gives an empty transcript, and cancellation is prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadModel,
  openAudioSource,
  transcribeWindows,
  type AsrPipeline,
  type SampleSource,
  type TranscriptSegment,
} from '../../packages/core/src/index.js';
import { detectSpeech } from '../../packages/core/src/vad/index.js';
import { mergeChunks } from '../../packages/core/src/vad/merge-chunks.js';
import { PIPELINE_SPEECH_PAD_MS } from '../../packages/core/src/pipeline/speech-windows.js';
import { kitPath, readKitWav } from '../helpers/kit.js';

const asrOptions = { maxNewTokens: 24, beamSize: 1, temperature: [0] };

describe('transcribe() on the kit model', () => {
  let pipeline: AsrPipeline;
  const twoSpeakers = readKitWav(kitPath('audio/two-speakers.wav'));

  beforeAll(async () => {
    pipeline = await loadModel(kitPath('whisper-mini'), { threads: 1, language: 'en', asrOptions });
  });
  afterAll(async () => pipeline?.dispose());

  it('gives segments inside the detected speech windows, identical for batch sizes 1, 4 and 16', async () => {
    const windows = mergeChunks(
      await detectSpeech(twoSpeakers, { chunkSize: 10, speechPadMs: PIPELINE_SPEECH_PAD_MS }),
      10,
    );
    expect(windows.length).toBeGreaterThan(1);
    const runs = [];
    for (const batchSize of [1, 4, 16]) runs.push(await pipeline.transcribe(twoSpeakers, { batchSize, chunkSize: 10 }));
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    const segments = runs[0].segments;
    expect(segments.length).toBeGreaterThan(1);
    for (const s of segments) {
      const inside = windows.some((w) => s.start >= w.start - 1e-3 && s.end <= w.end + 1e-3);
      expect(inside, `${s.start}-${s.end}`).toBe(true);
    }
    for (let i = 1; i < segments.length; i++) expect(segments[i].start).toBeGreaterThanOrEqual(segments[i - 1].start);
  });

  it('streams segments in time order as batches finish, and the awaited result holds the same ones', async () => {
    const run = pipeline.transcribe(twoSpeakers, { batchSize: 2, chunkSize: 10 });
    const streamed: TranscriptSegment[] = [];
    for await (const s of run) streamed.push(s);
    const result = await run;
    expect(streamed).toEqual(result.segments);
    expect(result.language).toBe('en');
  });

  it('gives the same result from a path or a source (read by range) as from decoded samples', async () => {
    const file = kitPath('audio/two-speakers.wav');
    const options = { batchSize: 4, chunkSize: 10 };
    const fromSamples = await pipeline.transcribe(twoSpeakers, options);
    expect(fromSamples.segments.length).toBeGreaterThan(1);
    expect(await pipeline.transcribe(file, options)).toEqual(fromSamples);
    const source = await openAudioSource(file);
    try {
      expect(await pipeline.transcribe(source, options)).toEqual(fromSamples);
    } finally {
      await source.close();
    }
    await expect(pipeline.transcribe(file + '.missing', options)).rejects.toThrow(/two-speakers\.wav\.missing/);
  });

  it('never reads more than a VAD block or a window at once from a source', async () => {
    const source = await openAudioSource(kitPath('audio/two-speakers.wav'));
    const reads: number[] = [];
    const recording: SampleSource = {
      length: source.length,
      sampleRate: source.sampleRate,
      storage: source.storage,
      read(a, b) {
        const out = source.read(a, b);
        reads.push(out.length);
        return out;
      },
      close: () => source.close(),
    };
    try {
      const result = await pipeline.transcribe(recording, { batchSize: 4, chunkSize: 5 });
      expect(result.segments.length).toBeGreaterThan(1);
    } finally {
      await source.close();
    }
    expect(reads.length).toBeGreaterThan(3);
    expect(Math.max(...reads)).toBeLessThanOrEqual(512 * 512); // Silero's 16.4 s blocks; windows are <= 5 s
    expect(Math.max(...reads)).toBeLessThan(source.length);
  });

  it('starts transcribing while the VAD is still reading the file', async () => {
    // 90 s: Silero reads the file in 16.4 s blocks, so windows become final long before the end.
    // The VAD is now fast enough to finish before the first segment is decoded, so the order of
    // the reads is what shows the overlap: the ASR reads its first window before the VAD's last block.
    const long = new Float32Array(twoSpeakers.length * 3);
    for (let k = 0; k < 3; k++) long.set(twoSpeakers, k * twoSpeakers.length);
    const block = 512 * 512;
    const reads: ('vad' | 'asr')[] = [];
    const source: SampleSource = {
      length: long.length,
      sampleRate: 16000,
      storage: 'memory',
      read(a, b) {
        const isVadBlock = a % block === 0 && (b - a === block || b >= long.length);
        reads.push(isVadBlock ? 'vad' : 'asr');
        return long.subarray(a, Math.min(b, long.length));
      },
      close: async () => {},
    };
    let vad = 0;
    const options = { batchSize: 2, chunkSize: 10 };
    const run = pipeline.transcribe(source, { ...options, onVadProgress: (f) => (vad = f) });
    const streamed: TranscriptSegment[] = [];
    for await (const s of run) streamed.push(s);
    expect(vad).toBe(1);
    expect(reads.filter((r) => r === 'vad').length).toBe(Math.ceil(long.length / block));
    expect(reads.indexOf('asr')).toBeGreaterThan(0);
    expect(reads.indexOf('asr')).toBeLessThan(reads.lastIndexOf('vad'));
    // the same transcript as when every window is known first
    const windows = mergeChunks(await detectSpeech(long, { chunkSize: 10, speechPadMs: PIPELINE_SPEECH_PAD_MS }), 10);
    const known = await transcribeWindows(pipeline.model, long, windows, { ...options, language: 'en', asrOptions });
    expect(streamed.length).toBeGreaterThan(3);
    expect(streamed).toEqual(known.segments);
  });

  it('gives the same transcript twice when the temperature fallback samples with a seed', async () => {
    // logprobThreshold 0 sends every window to the sampled temperatures
    const sampled = { ...asrOptions, temperature: [0, 0.6, 1], bestOf: 2, logprobThreshold: 0, seed: 3 };
    const first = await pipeline.transcribe(twoSpeakers, { batchSize: 4, chunkSize: 10, asrOptions: sampled });
    const second = await pipeline.transcribe(twoSpeakers, { batchSize: 4, chunkSize: 10, asrOptions: sampled });
    expect(first.segments.length).toBeGreaterThan(1);
    expect(second).toEqual(first);
    const other = await pipeline.transcribe(twoSpeakers, {
      batchSize: 4,
      chunkSize: 10,
      asrOptions: { ...sampled, seed: 4 },
    });
    expect(other.segments.map((s) => s.text)).not.toEqual(first.segments.map((s) => s.text));
  });

  it('returns an empty transcript for silence, without error', async () => {
    const result = await pipeline.transcribe(new Float32Array(16000 * 20));
    expect(result.segments).toEqual([]);
  });

  it('stops within one batch when the signal aborts', async () => {
    const controller = new AbortController();
    let batches = 0;
    const started = performance.now();
    const run = pipeline.transcribe(twoSpeakers, {
      batchSize: 1,
      chunkSize: 5,
      signal: controller.signal,
      onProgress: () => {
        batches++;
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(batches).toBe(1);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('detects the language on several speech windows when none is given', async () => {
    const result = await pipeline.transcribe(twoSpeakers, {
      chunkSize: 10,
      language: undefined,
      languageDetectionWindows: 2,
    });
    expect(result.language).toMatch(/^[a-z]{2,3}$/);
  });
});
