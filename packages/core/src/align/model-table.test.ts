import { describe, expect, it } from 'vitest';
import { DEFAULT_ALIGN_MODELS, defaultAlignModel } from './model-table.js';

describe('alignment model table', () => {
  it("covers WhisperX's 41 languages", () => {
    const langs = Object.keys(DEFAULT_ALIGN_MODELS);
    expect(langs).toHaveLength(41);
    for (const l of ['en', 'fr', 'de', 'es', 'it', 'ja', 'zh', 'nl', 'uk', 'pt', 'ko', 'vi', 'id', 'sv', 'tl']) {
      expect(langs).toContain(l);
    }
  });

  it('resolves English to a verified ONNX export, others to a clear error', () => {
    expect(defaultAlignModel('en')).toMatchObject({ repo: 'Xenova/wav2vec2-base-960h', onnx: true, normalize: false });
    expect(() => defaultAlignModel('ja')).toThrow(/jonatasgrosman\/wav2vec2-large-xlsr-53-japanese has no ONNX export/);
    expect(() => defaultAlignModel('ja')).toThrow(/--align_model/);
  });
});
