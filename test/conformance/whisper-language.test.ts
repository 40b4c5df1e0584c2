/**
 * Language detection per window of a batch, and generate() using the detected language. (The
 * kit's language_probs goldens run through the conformance runner: kit-runner.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitPath, readKitArray } from '../helpers/kit.js';
import { loadWhisper } from '../../packages/core/src/whisper/load-whisper.js';
import type { WhisperModel } from '../../packages/core/src/whisper/whisper-model.js';

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as { models: { whisper: string } };

describe('whisper language detection vs HF goldens', () => {
  let model: WhisperModel;
  beforeAll(async () => {
    model = await loadWhisper(kitPath(kit.models.whisper), { threads: 1 });
  });
  afterAll(async () => model?.dispose());

  it('detects per window in a batch, and generate() uses the detected language', async () => {
    const mel = readKitArray(kitPath('whisper-mini/golden/jfk.mel80.bin')).data as Float32Array;
    const two = new Float32Array(mel.length * 2);
    two.set(mel, 0);
    two.set(mel, mel.length);
    const detected = await model.detectLanguage(two, 2);
    expect(detected[0].language).toBe(detected[1].language);
    const [r] = await model.generate(mel, 1, { temperature: 0, beamSize: 1, maxNewTokens: 3, withoutTimestamps: true });
    expect(r.language).toBe(detected[0].language);
    expect(r.prompt[1]).toBe(model.tokenizer.languageToken(detected[0].language));
    expect(r.languageProbs?.[detected[0].language]).toBeCloseTo(detected[0].probs[detected[0].language], 5);
  });
});
