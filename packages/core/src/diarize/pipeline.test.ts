import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitPath, readKitWav, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { assignWordSpeakers } from './assign-speakers.js';
import { loadDiarizationPipeline, type DiarizationPipeline, type DiarizationProgress } from './pipeline.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/diarize');

describe('diarization pipeline on random-weight models (two-speakers.wav)', () => {
  let pipeline: DiarizationPipeline;
  const audio = readKitWav(kitPath('audio/two-speakers.wav'));
  const duration = audio.length / 16000;

  beforeAll(async () => {
    pipeline = await loadDiarizationPipeline({
      modelName: path.join(FIXTURES, 'segmentation-random.onnx'),
      embeddingModel: path.join(FIXTURES, 'embedding-random.onnx'),
      resolveFile: async () => {
        throw new Error('must not be called for local paths');
      },
    });
  });
  afterAll(async () => pipeline?.release());

  function checkTurns(turns: { start: number; end: number; speaker: string }[]) {
    expect(turns.length).toBeGreaterThan(0);
    for (const t of turns) {
      expect(t.start).toBeGreaterThanOrEqual(0);
      expect(t.end).toBeGreaterThan(t.start);
      expect(t.end).toBeLessThanOrEqual(duration + 0.1);
      expect(t.speaker).toMatch(/^SPEAKER_\d\d$/);
    }
    for (let i = 1; i < turns.length; i++) expect(turns[i].start).toBeGreaterThanOrEqual(turns[i - 1].start);
    // Labels are consecutive from SPEAKER_00.
    const labels = [...new Set(turns.map((t) => t.speaker))].sort();
    expect(labels).toEqual(labels.map((_, i) => `SPEAKER_${String(i).padStart(2, '0')}`));
    // A speaker's own turns never overlap each other.
    for (const label of labels) {
      const own = turns.filter((t) => t.speaker === label);
      for (let i = 1; i < own.length; i++) expect(own[i].start).toBeGreaterThanOrEqual(own[i - 1].end - 1e-9);
    }
    return labels;
  }

  it('produces consistent turns, embeddings and progress', async () => {
    const stages = new Set<DiarizationProgress['stage']>();
    const result = await pipeline.diarize(audio, { returnEmbeddings: true, onProgress: (p) => stages.add(p.stage) });
    const labels = checkTurns(result.turns);
    expect(Object.keys(result.embeddings!).sort()).toEqual(labels);
    for (const e of Object.values(result.embeddings!)) expect(e).toHaveLength(256);
    expect([...stages]).toEqual(['segmentation', 'embeddings', 'clustering']);
    // Deterministic.
    expect((await pipeline.diarize(audio)).turns).toEqual(result.turns);
    // The turns label a transcript.
    const transcript = assignWordSpeakers(result.turns, {
      language: 'en',
      segments: [{ start: 0, end: duration, text: ' all', words: [{ word: 'all', start: 1, end: 29 }] }],
    });
    expect(labels).toContain(transcript.segments[0].speaker);
  });

  it('honours maxSpeakers and numSpeakers', async () => {
    const one = await pipeline.diarize(audio, { maxSpeakers: 1 });
    expect(checkTurns(one.turns)).toEqual(['SPEAKER_00']);
    const two = await pipeline.diarize(audio, { minSpeakers: 2, maxSpeakers: 2 });
    expect(checkTurns(two.turns).length).toBeLessThanOrEqual(2);
  });

  it('returns no turns for silence, and cancels on abort', async () => {
    const silence = new Float32Array(16000 * 12);
    const result = await pipeline.diarize(silence, { returnEmbeddings: true });
    expect(result.turns.every((t) => t.end <= 12.1)).toBe(true);
    const controller = new AbortController();
    controller.abort();
    await expect(pipeline.diarize(audio, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('explains a missing model', async () => {
    await expect(loadDiarizationPipeline({ modelName: 'someone/unknown-repo' })).rejects.toThrow(/no hub resolver/);
    await expect(loadDiarizationPipeline({ modelName: REPO_ROOT })).rejects.toThrow(/no segmentation ONNX file/);
  });
});
