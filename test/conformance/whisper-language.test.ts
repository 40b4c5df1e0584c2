/** Kit cases of kind "language_probs": softmax over the language tokens after <|startoftranscript|>. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitPath, readKitArray } from '../helpers/kit.js';
import { loadWhisper } from '../../packages/core/src/whisper/load-whisper.js';
import type { WhisperModel } from '../../packages/core/src/whisper/whisper-model.js';

interface LanguageCase {
  id: string;
  kind: string;
  input: string;
  expected: { file: string; key: string };
  tolerance: { abs: number };
  argmax: string;
  argmaxTokenId?: number;
  prompt?: number[];
}
const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as {
  models: { whisper: string };
  cases: LanguageCase[];
};

describe('whisper language detection vs HF goldens', () => {
  let model: WhisperModel;
  beforeAll(async () => {
    model = await loadWhisper(kitPath(kit.models.whisper), { threads: 1 });
  });
  afterAll(async () => model?.dispose());

  it.each(kit.cases.filter((c) => c.kind === 'language_probs'))('$id', async (c) => {
    expect(c.prompt ?? [model.tokenizer.special.sot]).toEqual([model.tokenizer.special.sot]);
    const mel = readKitArray(kitPath(c.input)).data as Float32Array;
    const [result] = await model.detectLanguage(mel, 1);
    const expected = (
      JSON.parse(readFileSync(kitPath(c.expected.file), 'utf8')) as Record<string, Record<string, number>>
    )[c.expected.key];
    const codes = Object.keys(expected).map((k) => k.slice(2, -2));
    expect(Object.keys(result.probs).sort()).toEqual(codes.sort());
    for (const [token, p] of Object.entries(expected)) {
      expect(Math.abs(result.probs[token.slice(2, -2)] - p)).toBeLessThanOrEqual(c.tolerance.abs);
    }
    expect(result.language).toBe(c.argmax);
    if (c.argmaxTokenId !== undefined) expect(model.tokenizer.languageToken(result.language)).toBe(c.argmaxTokenId);
  });

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
