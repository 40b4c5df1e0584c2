/**
 * transcribeFiles keeps each file's audio between stages as a source (read in place, or a
 * temporary file) and decodes again when the budget says no: both give the same transcript.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findFfmpeg,
  transcribeFiles,
  type PipelineOptions,
  type ProgressEvent,
} from '../../packages/core/src/index.js';
import { kitPath, REPO_ROOT } from '../helpers/kit.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'wx-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options: PipelineOptions = {
  model: kitPath('whisper-mini'),
  threads: 1,
  language: 'en',
  chunkSize: 10,
  asrOptions: { maxNewTokens: 12, beamSize: 1, temperature: [0] },
  align: { modelName: kitPath('wav2vec2-mini') },
};

describe.runIf(findFfmpeg() !== undefined)('transcribeFiles: audio between stages', () => {
  it('gives the same aligned transcript whether decoded audio is kept or decoded again', async () => {
    const mp3 = path.join(dir, 'speech.mp3');
    copyFileSync(path.join(REPO_ROOT, 'test/fixtures/media/speech.mp3'), mp3);
    const wav = kitPath('audio/jfk.wav');
    const messages: string[] = [];
    const onProgress = (e: ProgressEvent) => {
      if (e.message) messages.push(`${e.stage}: ${e.message}`);
    };
    const kept = await transcribeFiles([mp3, wav], options, { onProgress });
    expect(messages.filter((m) => m.includes('decoding audio again'))).toEqual([]);
    const again = await transcribeFiles([mp3, wav], { ...options, keepDecodedAudioSeconds: 0 }, { onProgress });
    // only the mp3 (a temporary file) is decoded again; the WAV is read in place and kept
    expect(messages.filter((m) => m.includes('decoding audio again'))).toEqual(['align: decoding audio again']);
    expect(again).toEqual(kept);
    expect(kept[1].result.segments.length).toBeGreaterThan(0);
    expect(kept[1].result.word_segments?.length).toBeGreaterThan(0);
  });
});
