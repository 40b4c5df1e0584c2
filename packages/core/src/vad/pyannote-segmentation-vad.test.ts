import { pcmWav } from '../../../../test/helpers/wav.js';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_DIR, readKitWav, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { asSampleSource, openAudioSource } from '../audio/sample-source.js';
import { POWERSET_3x2, powersetToMultilabel, type ChunkSegmentation } from '../diarize/segmentation.js';
import { createSpeechDetector } from '../pipeline/speech-windows.js';
import type { SpeechRegion } from './merge-chunks.js';
import { PyannoteSegmentationVad, speechScoresFromSegmentation } from './pyannote-segmentation-vad.js';

const MODEL = path.join(REPO_ROOT, 'test/fixtures/diarize/segmentation-random.onnx');

/** 16 kHz 16-bit mono WAV of samples that are already k / 32768 (kit audio), so it reads back exactly. */
function writeWav(file: string, samples: Float32Array): void {
  writeFileSync(file, pcmWav(samples.length, { from: samples }));
}

/** Powerset logits [chunks, frames, 7] whose argmax is the given class per frame (others 0.9, winner 1). */
function logitsFor(classes: number[][]): Float32Array {
  const frames = classes[0].length;
  const out = new Float32Array(classes.length * frames * 7).fill(0.9);
  classes.forEach((row, c) => row.forEach((k, f) => (out[(c * frames + f) * 7 + k] = 1)));
  return out;
}

/** Hard segmentation of synthetic logits: 4-frame chunks every 2 s on a 1 s frame grid. */
function syntheticSegmentation(classes: number[][], windowSamples: number): ChunkSegmentation {
  const frames = classes[0].length;
  const logits = logitsFor(classes);
  const data = new Uint8Array(classes.length * frames * 3);
  for (let c = 0; c < classes.length; c++) {
    powersetToMultilabel(logits, c * frames * 7, frames, POWERSET_3x2, 3, data, c * frames * 3);
  }
  return {
    data,
    chunks: classes.length,
    frames,
    speakers: 3,
    chunkStep: 2,
    chunkDuration: 4,
    chunkStartSample: classes.map((_, c) => 2 * c),
    windowSamples,
  };
}

describe('speech scores (pyannote VoiceActivityDetection on a powerset model)', () => {
  // Classes per chunk frame: 0 = nobody, 1-3 = one speaker, 4-6 = two speakers.
  // Frame 0 of chunk 0 has argmax "nobody" with P(nobody) = e / (e + 6 e^0.9) ~ 0.16 only: the
  // hard decoding pyannote uses still calls it non-speech (a soft 1 - P(nobody) would say 0.84).
  const classes = [
    [0, 1, 4, 5],
    [1, 0, 2, 0],
    [0, 3, 5, 0],
  ];
  // np.hamming(4) = [0.08, 0.77, 0.77, 0.08]; chunk c covers global frames 2c .. 2c+3.
  const h0 = 0.08;
  const h1 = 0.77;
  const expected = [
    0, // g0: chunk0 f0 (nobody)
    1, // g1: chunk0 f1 (speaker)
    1, // g2: chunk0 f2 (two speakers) + chunk1 f0 (speaker)
    h0 / (h0 + h1), // g3: chunk0 f3 (speech, weight 0.08) + chunk1 f1 (nobody, 0.77)
    h1 / (h1 + h0), // g4: chunk1 f2 (speech, 0.77) + chunk2 f0 (nobody, 0.08)
    h1 / (h0 + h1), // g5: chunk1 f3 (nobody, 0.08) + chunk2 f1 (speech, 0.77)
    1, // g6: chunk2 f2
    0, // g7: chunk2 f3 (nobody)
  ];
  const grid = { step: 1, duration: 1 };

  it('max over speakers of the hard powerset decision, Hamming-weighted average over windows', () => {
    // 8 samples at 1 Hz: the last window (start 4, 4 long) ends with the audio, nothing padded;
    // the frame-count formula adds one frame that no window covers (missing = 0).
    const { scores, frames } = speechScoresFromSegmentation(syntheticSegmentation(classes, 4), 8, 1, grid);
    expect(frames).toEqual({ step: 1, duration: 1, start: 0 });
    expect(scores.length).toBe(9);
    expected.forEach((v, i) => expect(scores[i], `frame ${i}`).toBeCloseTo(v, 12));
    expect(scores[8]).toBe(0);
  });

  it('crops to the audio when the last window was zero-padded (pyannote loose crop)', () => {
    // 7 samples: the last window (4..8) runs past the end; frames starting after 7 s are dropped.
    const { scores } = speechScoresFromSegmentation(syntheticSegmentation(classes, 4), 7, 1, grid);
    expect(Array.from(scores).map((v) => Number(v.toFixed(12)))).toEqual(expected.map((v) => Number(v.toFixed(12))));
  });
});

describe('PyannoteSegmentationVad on the random-weight segmentation model (two-speakers.wav)', () => {
  const audio = readKitWav(path.join(KIT_DIR, 'audio/two-speakers.wav'));
  const duration = audio.length / 16000;
  let vad: PyannoteSegmentationVad;
  beforeAll(async () => {
    vad = await PyannoteSegmentationVad.load(MODEL, { threads: 1 });
  });
  afterAll(async () => vad?.release());

  const covered = (regions: SpeechRegion[]) => regions.reduce((s, r) => s + r.end - r.start, 0);
  /** Every region of `inner` lies inside one region of `outer` (regions are unions of frames). */
  const inside = (inner: SpeechRegion[], outer: SpeechRegion[]) =>
    inner.every((r) => outer.some((o) => o.start <= r.start + 1e-9 && r.end <= o.end + 1e-9));

  it('gives scores in [0, 1] on the model frame grid, and windows within the audio and chunk size', async () => {
    const fractions: number[] = [];
    const { scores, frames } = await vad.speechScores(audio, { onProgress: (f) => fractions.push(f) });
    // 30 s of audio = 21 full windows, no padding: frames up to the end of the last window.
    expect(scores.length).toBe(Math.round(duration / frames.step) + 1);
    expect(scores.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(scores.some((v) => v > 0.5)).toBe(true);
    expect(fractions.at(-1)).toBe(1);

    const chunkSize = 5;
    const windows = await vad.speechWindows(audio, { chunkSize });
    expect(windows.length).toBeGreaterThan(1);
    for (const w of windows) {
      expect(w.start).toBeGreaterThanOrEqual(0);
      expect(w.end).toBeLessThanOrEqual(duration);
      expect(w.end - w.start).toBeLessThanOrEqual(chunkSize + 1e-9);
      expect(w.segments.length).toBeGreaterThan(0);
    }
    for (let i = 1; i < windows.length; i++) expect(windows[i].start).toBeGreaterThanOrEqual(windows[i - 1].end);
  });

  it('reads a file-backed source window by window, with the same scores and windows as the samples', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pyannote-vad-source-'));
    try {
      // Whole file (21 full windows) and an odd length whose last window is zero-padded.
      for (const samples of [audio, audio.subarray(0, 23 * 16000 + 4321)]) {
        const file = path.join(dir, `${samples.length}.wav`);
        writeWav(file, samples);
        const source = await openAudioSource(file);
        let longest = 0;
        const spy = {
          length: source.length,
          sampleRate: source.sampleRate,
          storage: source.storage,
          close: () => source.close(),
          read: (start: number, end: number) => {
            longest = Math.max(longest, end - start);
            return source.read(start, end);
          },
        };
        try {
          expect(source.storage).not.toBe('memory');
          const fromArray = await vad.speechScores(samples);
          const fromSource = await vad.speechScores(spy);
          expect(fromSource.frames).toEqual(fromArray.frames);
          expect(Array.from(fromSource.scores)).toEqual(Array.from(fromArray.scores));
          expect(longest).toBe(160000);
          expect(await vad.speechWindows(spy, { chunkSize: 5 })).toEqual(
            await vad.speechWindows(samples, { chunkSize: 5 }),
          );
        } finally {
          await source.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('onset and offset move the result monotonically', async () => {
    const at = (onset: number, offset: number) => vad.speechRegions(audio, { onset, offset });
    const loose = await at(0.3, 0.2);
    const base = await at(0.5, 0.363);
    const strict = await at(0.7, 0.6);
    expect(covered(loose)).toBeGreaterThan(covered(base));
    expect(covered(base)).toBeGreaterThan(covered(strict));
    expect(inside(base, loose) && inside(strict, base)).toBe(true);
    // Offset alone: a lower offset only extends regions.
    const longTail = await at(0.5, 0.1);
    expect(covered(longTail)).toBeGreaterThan(covered(base));
    expect(inside(base, longTail)).toBe(true);
  });

  it('createSpeechDetector("pyannote") loads the model and honours onset/offset', async () => {
    const direct = await vad.speechWindows(audio, { onset: 0.6, offset: 0.4, chunkSize: 30 });
    const detector = await createSpeechDetector('pyannote', { onset: 0.6, offset: 0.4 }, { modelName: MODEL });
    try {
      const progress: number[] = [];
      const windows = await detector.windows(asSampleSource(audio), {
        chunkSize: 30,
        onProgress: (f) => progress.push(f),
      });
      expect(windows).toEqual(direct);
      expect(progress.at(-1)).toBe(1);
      const defaults = await createSpeechDetector('pyannote', {}, { modelName: path.dirname(MODEL) }).catch((e) => e);
      // A folder without a segmentation file is refused with a message naming the files looked for.
      expect(String(defaults)).toMatch(/onnx\/model\.onnx/);
    } finally {
      await detector.release();
    }
  });

  it('loads the default repo from the Hugging Face cache offline, and says so when it is not cached', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'pyannote-vad-cache-'));
    try {
      const error = await createSpeechDetector('pyannote', {}, { cacheDir, localFilesOnly: true }).catch((e) => e);
      expect(error).toBeInstanceOf(Error);
      expect(String(error)).toMatch(/pyannote-segmentation-3\.0.*not in the Hugging Face cache/);

      // The standard cache layout: refs/main -> snapshots/<commit>/onnx/model.onnx.
      const commit = 'a'.repeat(40);
      const repoDir = path.join(cacheDir, 'models--onnx-community--pyannote-segmentation-3.0');
      mkdirSync(path.join(repoDir, 'refs'), { recursive: true });
      writeFileSync(path.join(repoDir, 'refs', 'main'), commit);
      mkdirSync(path.join(repoDir, 'snapshots', commit, 'onnx'), { recursive: true });
      copyFileSync(MODEL, path.join(repoDir, 'snapshots', commit, 'onnx', 'model.onnx'));
      const detector = await createSpeechDetector('pyannote', {}, { cacheDir, localFilesOnly: true });
      try {
        expect(await detector.windows(asSampleSource(audio), { chunkSize: 30 })).toEqual(
          await vad.speechWindows(audio),
        );
      } finally {
        await detector.release();
      }
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
