import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitPath, readKitWav } from '../../../../test/helpers/kit.js';
import { openAudioSource } from '../audio/sample-source.js';
import { align, loadAlignModel, releaseAlignModel, type AlignModel } from './align.js';

const JFK =
  ' And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.';

describe('align()', () => {
  let model: AlignModel;
  let wav: Float32Array;
  beforeAll(async () => {
    model = await loadAlignModel('en', { modelName: kitPath('wav2vec2-mini'), threads: 1 });
    wav = readKitWav(kitPath('audio/jfk.wav'));
  });
  afterAll(async () => releaseAlignModel(model));

  it('reproduces the WhisperX golden words from audio through the ONNX model', async () => {
    const golden = JSON.parse(readFileSync(kitPath('wav2vec2-mini/golden/jfk.whisperx_align.json'), 'utf8'));
    const res = await align([{ start: 0, end: 11, text: JFK }], model, wav);
    expect(res.segments).toHaveLength(1);
    expect(res.segments[0].text).toBe(JFK);
    expect(res.word_segments.map((w) => w.word)).toEqual(golden.words.map((w: { word: string }) => w.word));
    res.word_segments.forEach((w, i) => {
      for (const k of ['start', 'end', 'score'] as const)
        expect(Math.abs(w[k]! - golden.words[i][k])).toBeLessThanOrEqual(1e-3 + 1e-9);
    });
  });

  it('keeps unalignable segments, reports progress and returns char alignments', async () => {
    const progress: number[] = [];
    const segments = [
      { start: 0, end: 2.5, text: ' And so my fellow Americans,', avg_logprob: -0.2 },
      { start: 2.5, end: 3, text: '   ' },
      { start: 3, end: 6, text: ' ask not what your country can do for you, in 1961.' },
      { start: 20, end: 21, text: ' past the end' },
    ];
    const res = await align(segments, model, wav, { returnCharAlignments: true, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toBe(100);
    expect(progress).toHaveLength(4);
    expect(res.segments.map((s) => s.text)).toEqual([segments[0].text, '   ', segments[2].text, ' past the end']);
    expect(res.segments[0].avg_logprob).toBe(-0.2);
    expect(res.segments[1]).toEqual({ start: 2.5, end: 3, text: '   ', words: [], chars: [] });
    expect(res.segments[3].words).toEqual([]);
    const words = res.segments[2].words!;
    const year = words.find((w) => w.word === '1961.')!;
    expect(year.start).toBeGreaterThanOrEqual(3);
    expect(year.end!).toBeLessThanOrEqual(6);
    expect(res.segments[2].chars!.length).toBe(Array.from(segments[2].text).length);
    for (const w of res.word_segments) expect(w.start! <= w.end!).toBe(true);
  });

  it('reads each segment from a sample source with the same result as from the samples', async () => {
    const segments = [
      { start: 0, end: 4.2, text: ' And so my fellow Americans, ask not' },
      { start: 4.2, end: 11, text: ' what your country can do for you, ask what you can do for your country.' },
    ];
    const source = await openAudioSource(kitPath('audio/jfk.wav'));
    try {
      expect(source.storage).toBe('input');
      const fromSource = await align(segments, model, source);
      expect(fromSource.word_segments.length).toBeGreaterThan(10);
      expect(fromSource).toEqual(await align(segments, model, wav));
    } finally {
      await source.close();
    }
  });

  it('stops when the signal is aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(align([{ start: 0, end: 1, text: ' and' }], model, wav, { signal: ctl.signal })).rejects.toThrow(
      /Cancelled/,
    );
  });
});

describe('loadAlignModel()', () => {
  it('explains languages without a table entry or without loadable weights', async () => {
    await expect(loadAlignModel('xx')).rejects.toThrow(/No default alignment model for language "xx".*--align_model/);
    await expect(loadAlignModel('es')).rejects.toThrow(
      /Alignment for "es": .*no safetensors or ONNX weights known.*--align_model/,
    );
  });

  it('needs a hub resolver for repo ids, and uses the one given', async () => {
    await expect(loadAlignModel('en')).rejects.toThrow(/Xenova\/wav2vec2-base-960h: not a local folder/);
    const asked: string[] = [];
    const model = await loadAlignModel('en', {
      modelName: 'someone/wav2vec2-mini',
      threads: 1,
      resolveRepoFile: async (repo, file) => {
        asked.push(`${repo}:${file}`);
        return kitPath('wav2vec2-mini', file);
      },
    });
    expect(asked).toContain('someone/wav2vec2-mini:onnx/model.onnx');
    expect(model.wav2vec2.numLabels).toBe(29);
    await releaseAlignModel(model);
  });
});
