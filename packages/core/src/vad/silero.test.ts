import { afterAll, describe, expect, it } from 'vitest';
import { compareArrays, kitPath, readKitWav } from '../../../../test/helpers/kit.js';
import { openAudioSource } from '../audio/sample-source.js';
import {
  goldenProbs,
  expectedTimestamps,
  kitAudio,
  kitModelPath,
  kitTimestampOptions,
  vadProbsCases,
  vadTimestampsCases,
} from './__fixtures__/kit-vad.js';
import { SileroVad, sileroModelPath } from './silero.js';
import { getSpeechTimestamps } from './speech-timestamps.js';
import type { SpeechProbabilities } from './speech-timestamps.js';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const versionOf = { silero_v5: 'v5', 'silero_v6.2': 'v6.2' } as const;
const models = new Map<string, SileroVad>();
const computed = new Map<string, SpeechProbabilities>();

async function modelFor(key: 'silero_v5' | 'silero_v6.2'): Promise<SileroVad> {
  let m = models.get(key);
  if (!m) {
    m = await SileroVad.load({ version: versionOf[key] }); // the shipped copy, not the kit's
    models.set(key, m);
  }
  return m;
}

afterAll(async () => {
  for (const m of models.values()) await m.release();
});

describe('shipped Silero models', () => {
  it('are the kit files, byte for byte', () => {
    for (const key of ['silero_v5', 'silero_v6.2'] as const) {
      const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
      expect(sha(sileroModelPath(versionOf[key]))).toBe(sha(kitModelPath(key)));
    }
  });
});

describe('SileroVad.speechProbabilities (kit vad_probs)', () => {
  it('kit lists 6 vad_probs cases', () => {
    expect(vadProbsCases.length).toBe(6);
  });

  for (const c of vadProbsCases) {
    it(c.id, async () => {
      expect(c.options).toEqual({ samplingRate: 16000, chunkSamples: 512, contextSamples: 64 });
      const audio = kitAudio(c.audio);
      const model = await modelFor(c.model);
      const result = await model.speechProbabilities(audio);
      const expected = goldenProbs(c.expected.file);
      expect(result.probs.length).toBe(expected.length);
      expect(result.numSamples).toBe(audio.length);
      const r = compareArrays(result.probs, expected, c.tolerance);
      expect(r.maxAbs).toBeLessThanOrEqual(c.tolerance.abs);
      expect(r.ok).toBe(true);
      computed.set(`${c.model}|${c.audio.file}`, result);
    });
  }
});

describe('Silero end to end: computed probabilities -> kit vad_timestamps', () => {
  for (const c of vadTimestampsCases) {
    it(c.id, async () => {
      let probs = computed.get(`${c.model}|${c.audio.file}`);
      if (!probs) probs = await (await modelFor(c.model)).speechProbabilities(kitAudio(c.audio));
      expect(getSpeechTimestamps(probs, kitTimestampOptions(c))).toEqual(expectedTimestamps(c));
    });
  }
});

describe('SileroVad behaviour', () => {
  it('runs are independent (state reset per call) and report progress', async () => {
    const model = await modelFor('silero_v5');
    const audio = kitAudio(vadProbsCases[0].audio).subarray(0, 16000 * 11);
    const progress: number[] = [];
    const a = await model.speechProbabilities(audio, { onProgress: (f) => progress.push(f) });
    await model.speechProbabilities(new Float32Array(5000).fill(0.3));
    const b = await model.speechProbabilities(audio);
    expect(Array.from(b.probs)).toEqual(Array.from(a.probs));
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('reads a sample source in blocks with the same probabilities as the whole array', async () => {
    const model = await modelFor('silero_v6.2');
    const file = kitPath('audio/two-speakers.wav'); // 480,000 samples: crosses the 262,144-sample read blocks
    const whole = await model.speechProbabilities(readKitWav(file));
    const source = await openAudioSource(file);
    try {
      expect(source.storage).toBe('input');
      const streamed = await model.speechProbabilities(source);
      expect(streamed.numSamples).toBe(whole.numSamples);
      expect(Array.from(streamed.probs)).toEqual(Array.from(whole.probs));
    } finally {
      await source.close();
    }
  });

  it('zero-pads the last chunk and handles audio shorter than a chunk', async () => {
    const model = await modelFor('silero_v6.2');
    const short = await model.speechProbabilities(new Float32Array(100));
    expect(short.probs.length).toBe(1);
    expect(short.numSamples).toBe(100);
    const empty = await model.speechProbabilities(new Float32Array(0));
    expect(empty.probs.length).toBe(0);
  });

  it('stops on an aborted signal', async () => {
    const model = await modelFor('silero_v5');
    const controller = new AbortController();
    controller.abort();
    await expect(
      model.speechProbabilities(new Float32Array(16000 * 20), { signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('runs both shipped versions batched, equal to the per-chunk loop across blocks and at odd lengths', async () => {
    const audio = readKitWav(kitPath('audio/two-speakers.wav')); // 937.5 chunks: two blocks of 512, a partial last chunk
    for (const version of ['v5', 'v6.2'] as const) {
      const batched = await SileroVad.load({ version });
      const perChunk = await SileroVad.load({ version, mode: 'per-chunk' });
      try {
        expect(batched.mode).toBe('batched');
        expect(perChunk.mode).toBe('per-chunk');
        for (const input of [audio, audio.subarray(0, 512 * 512), audio.subarray(1000, 1000 + 512 * 513 + 77)]) {
          const a = await batched.speechProbabilities(input);
          const b = await perChunk.speechProbabilities(input);
          expect(a.probs.length).toBe(Math.ceil(input.length / 512));
          expect(a.probs.length).toBe(b.probs.length);
          let maxAbs = 0;
          for (let i = 0; i < a.probs.length; i++) maxAbs = Math.max(maxAbs, Math.abs(a.probs[i] - b.probs[i]));
          expect(maxAbs).toBeLessThan(5e-5);
          expect(Math.max(...b.probs)).toBeGreaterThan(0.5); // the comparison covers speech, not only silence
          expect(getSpeechTimestamps(a, {})).toEqual(getSpeechTimestamps(b, {}));
        }
      } finally {
        await batched.release();
        await perChunk.release();
      }
    }
  });

  it('reports progress per block and stops between blocks when aborted', async () => {
    const model = await modelFor('silero_v6.2');
    expect(model.mode).toBe('batched');
    const controller = new AbortController();
    const progress: number[] = [];
    const run = model.speechProbabilities(new Float32Array(512 * 512 * 3), {
      signal: controller.signal,
      onProgress: (f) => {
        progress.push(f);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(progress).toEqual([1 / 3]);
  });

  it('rejects a file that is not a Silero model, naming it', async () => {
    await expect(SileroVad.load({ modelPath: '/nonexistent/silero.onnx' })).rejects.toThrow('/nonexistent/silero.onnx');
    const other = kitModelPath('wav2vec2').replace(/\/?$/, '/onnx/model.onnx');
    await expect(SileroVad.load({ modelPath: other })).rejects.toThrow(/not a Silero/);
  });
});
