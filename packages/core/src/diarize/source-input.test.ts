/**
 * Diarization given a file-backed sample source equals the Float32Array path bit for bit, and
 * equals the whole-recording fbank computation embedChunks used before it read by range.
 */
import { pcmWav } from '../../../../test/helpers/wav.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_DIR, readKitWav, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { openAudioSource, type SampleSource } from '../audio/sample-source.js';
import { createSession, releaseSession, type OrtSession } from '../onnx/session.js';
import { embedChunks, probeMinNumSamples } from './embedding.js';
import { FbankExtractor } from './fbank.js';
import { loadDiarizationPipeline, type DiarizationPipeline } from './pipeline.js';
import { segmentChunks } from './segmentation.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/diarize');
const SEGMENTATION = path.join(FIXTURES, 'segmentation-random.onnx');
const EMBEDDING = path.join(FIXTURES, 'embedding-random.onnx');

/** 16 kHz 16-bit mono WAV of samples that are already k / 32768 (kit audio), so it reads back exactly. */
function writeWav(file: string, samples: Float32Array): void {
  writeFileSync(file, pcmWav(samples.length, { from: samples }));
}

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const kit = (name: string) => readKitWav(path.join(KIT_DIR, 'audio', name));
const twoSpeakers = kit('two-speakers.wav');
const librivox = ['0870', '0880', '0890', '0920', '0930'].map((n) =>
  kit(`librivox/sense_and_sensibility_01_austen_64kb-${n}.wav`),
);

/** Six copies of two-speakers.wav and the librivox clips (3 min 25 s), cut 77 samples short of any grid. */
function longAudio(): Float32Array {
  const parts = [...Array<Float32Array>(6).fill(twoSpeakers), ...librivox];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0) - 77);
  let at = 0;
  for (const p of parts) {
    out.set(p.subarray(0, out.length - at), at);
    at += p.length;
  }
  return out;
}

const CASES: [string, Float32Array][] = [
  ['two-speakers.wav (30 s, no padding)', twoSpeakers],
  ['3 min 25 s of kit audio, odd length (4 fbank groups, padded last window)', longAudio()],
  ['a 7.1 s clip (one zero-padded window)', librivox[0]],
];

describe('diarization reads a file-backed source exactly like the decoded samples', () => {
  let dir: string;
  let segSession: OrtSession;
  let embSession: OrtSession;
  let pipeline: DiarizationPipeline;
  const fbank = new FbankExtractor();
  let minNumSamples = 400;
  const sources: SampleSource[] = [];

  async function open(name: string, samples: Float32Array): Promise<SampleSource> {
    const file = path.join(dir, `${sources.length}.wav`);
    writeWav(file, samples);
    const source = await openAudioSource(file);
    sources.push(source);
    expect(source.storage).not.toBe('memory'); // read from disk
    expect(source.length, name).toBe(samples.length);
    return source;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diarize-source-'));
    segSession = await createSession(SEGMENTATION, { threads: 1 });
    embSession = await createSession(EMBEDDING, { threads: 1 });
    minNumSamples = await probeMinNumSamples(embSession, fbank);
    pipeline = await loadDiarizationPipeline({ modelName: SEGMENTATION, embeddingModel: EMBEDDING });
  });
  afterAll(async () => {
    for (const s of sources) await s.close();
    await releaseSession(segSession);
    await releaseSession(embSession);
    await pipeline?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES)('segmentation and embeddings: %s', async (name, samples) => {
    const source = await open(name, samples);
    const fromArray = await segmentChunks(segSession, samples);
    const fromSource = await segmentChunks(segSession, source);
    expect(fromSource.chunkStartSample).toEqual(fromArray.chunkStartSample);
    expect(fromSource.frames).toBe(fromArray.frames);
    expect(firstDifference(fromSource.data, fromArray.data)).toBe(-1);
    expect(fromArray.data.some((v) => v === 1)).toBe(true);

    const options = { minNumSamples };
    // groupSeconds Infinity is one fbank block over the whole padded recording: the old computation.
    const whole = await embedChunks(embSession, samples, fromArray, fbank, { ...options, groupSeconds: Infinity });
    const blocked = await embedChunks(embSession, source, fromSource, fbank, options);
    expect(whole.dim).toBe(256);
    expect(whole.data.some((v) => !Number.isNaN(v))).toBe(true);
    expect([blocked.chunks, blocked.speakers, blocked.dim]).toEqual([whole.chunks, whole.speakers, whole.dim]);
    expect(firstDifference(blocked.data, whole.data)).toBe(-1);
    if (samples.length < 60 * 16000) {
      // Many small groups (a 4 s span each) give the same result too.
      const small = await embedChunks(embSession, source, fromSource, fbank, { ...options, groupSeconds: 4 });
      expect(firstDifference(small.data, whole.data)).toBe(-1);
    }
  });

  it('off the fbank frame grid (per-chunk fbank), the source gives the same embeddings', async () => {
    const samples = longAudio().subarray(0, 40 * 16000 + 333);
    const source = await open('40 s, off grid', samples);
    // A 1.00031 s step puts chunk starts off the 10 ms fbank grid.
    const seg = await segmentChunks(segSession, samples, { stepRatio: 0.100031 });
    expect(seg.chunkStartSample.some((s) => s % fbank.frameShift !== 0)).toBe(true);
    const fromArray = await embedChunks(embSession, samples, seg, fbank, { minNumSamples });
    const fromSource = await embedChunks(embSession, source, seg, fbank, { minNumSamples });
    expect(firstDifference(fromSource.data, fromArray.data)).toBe(-1);
  });

  it.each(CASES)('whole diarization result: %s', async (name, samples) => {
    const file = await open(name, samples);
    // Record the longest read: never the whole recording, at most one fbank group (60 s of starts + a window).
    let longest = 0;
    const source: SampleSource = {
      length: file.length,
      sampleRate: file.sampleRate,
      storage: file.storage,
      close: () => file.close(),
      read: (start, end) => {
        longest = Math.max(longest, end - start);
        return file.read(start, end);
      },
    };
    const fromArray = await pipeline.diarize(samples, { returnEmbeddings: true });
    const fromSource = await pipeline.diarize(source, { returnEmbeddings: true });
    expect(fromArray.turns.length).toBeGreaterThan(0);
    expect(fromSource).toEqual(fromArray);
    expect(longest).toBeLessThanOrEqual(70 * 16000);
    if (samples.length > 70 * 16000) expect(longest).toBeLessThan(samples.length);
  });
});
