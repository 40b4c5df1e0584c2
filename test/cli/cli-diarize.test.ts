/**
 * `whisperx --diarize` end to end with small random-weight segmentation and embedding models
 * (real input/output names): every word gets a speaker, speaker-count bounds hold, embeddings
 * land in the JSON and speakers show in srt and md.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { kitPath, REPO_ROOT } from '../helpers/kit.js';

let models: string;
beforeAll(() => {
  models = mkdtempSync(path.join(tmpdir(), 'wx-diar-models-'));
  copyFileSync(
    path.join(REPO_ROOT, 'test/fixtures/diarize/segmentation-random.onnx'),
    path.join(models, 'segmentation.onnx'),
  );
  copyFileSync(
    path.join(REPO_ROOT, 'test/fixtures/diarize/embedding-random.onnx'),
    path.join(models, 'speaker-embedding.onnx'),
  );
});

async function diarize(extra: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wx-diar-'));
  const r = await runCli([
    kitPath('audio/two-speakers.wav'),
    '--model',
    kitPath('whisper-mini'),
    '--align_model',
    kitPath('wav2vec2-mini'),
    '--language',
    'en',
    '--max_new_tokens',
    '20',
    '--chunk_size',
    '10',
    '--diarize',
    '--diarize_model',
    models,
    '-o',
    dir,
    '--output_format',
    'all',
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(readFileSync(path.join(dir, 'two-speakers.json'), 'utf8'));
  return { dir, json };
}

describe('whisperx --diarize', () => {
  it('labels every segment and word, writes embeddings and shows speakers in srt and md', async () => {
    const { dir, json } = await diarize(['--speaker_embeddings']);
    expect(json.segments.length).toBeGreaterThan(0);
    for (const s of json.segments) expect(s.speaker).toMatch(/^SPEAKER_\d\d$/);
    expect(json.word_segments.length).toBeGreaterThan(0);
    for (const w of json.word_segments) expect(w.speaker, JSON.stringify(w)).toMatch(/^SPEAKER_\d\d$/);
    const speakers = new Set(json.segments.map((s: { speaker: string }) => s.speaker));
    for (const sp of speakers) expect(json.speaker_embeddings[sp as string].length).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'two-speakers.srt'), 'utf8')).toMatch(/\[SPEAKER_\d\d\]: /);
    expect(readFileSync(path.join(dir, 'two-speakers.md'), 'utf8')).toMatch(/\*\*SPEAKER_\d\d\*\*/);
  });

  it('honours --max_speakers 1', async () => {
    const { json } = await diarize(['--max_speakers', '1']);
    const speakers = new Set(json.word_segments.map((w: { speaker: string }) => w.speaker));
    expect([...speakers]).toEqual(['SPEAKER_00']);
  });
});
