import { describe, expect, it } from 'vitest';
import { WhisperxError } from '../errors.js';
import { DEFAULT_ALIGN_MODELS, WHISPERX_ALIGN_MODELS, defaultAlignModel, noWeightsError } from './model-table.js';

/** WhisperX's DEFAULT_ALIGN_MODELS_TORCH + DEFAULT_ALIGN_MODELS_HF language codes (whisperx/alignment.py). */
const WHISPERX_LANGUAGES = [
  'en',
  'fr',
  'de',
  'es',
  'it',
  'ja',
  'zh',
  'nl',
  'uk',
  'pt',
  'ar',
  'cs',
  'ru',
  'pl',
  'hu',
  'fi',
  'fa',
  'el',
  'tr',
  'da',
  'he',
  'vi',
  'ko',
  'ur',
  'te',
  'hi',
  'ca',
  'ml',
  'no',
  'nn',
  'sk',
  'sl',
  'hr',
  'ro',
  'eu',
  'gl',
  'ka',
  'lv',
  'tl',
  'sv',
  'id',
];

describe('alignment model table', () => {
  it("has an entry for every one of WhisperX's 41 languages, and no other", () => {
    expect(WHISPERX_LANGUAGES).toHaveLength(41);
    expect(Object.keys(DEFAULT_ALIGN_MODELS).sort()).toEqual([...WHISPERX_LANGUAGES].sort());
    for (const lang of WHISPERX_LANGUAGES) {
      const entry = DEFAULT_ALIGN_MODELS[lang];
      expect(entry.original).toBe(WHISPERX_ALIGN_MODELS[lang]);
      expect(entry.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(entry.evidence.length).toBeGreaterThan(20);
    }
  });

  it('says for every language how it loads, with the evidence read on the hub', () => {
    for (const [lang, entry] of Object.entries(DEFAULT_ALIGN_MODELS)) {
      expect(['onnx', 'safetensors', 'none']).toContain(entry.format);
      if (entry.format === 'onnx') expect(entry.file).toMatch(/^onnx\/model[\w]*\.onnx$/);
      if (entry.format === 'safetensors') expect(entry.file).toBe('model.safetensors');
      if (entry.format === 'none') expect(entry.why, lang).toBeTruthy();
      expect(entry.revision).toMatch(/^(main|refs\/pr\/\d+|[0-9a-f]{40})$/);
      if (entry.verified) expect(entry.evidence, lang).toContain('https://huggingface.co/');
      if (entry.revision !== 'main') {
        const named = [entry.revision, entry.revision.replaceAll('/', '%2F')].some((r) => entry.evidence.includes(r));
        expect(named, lang).toBe(true);
      }
    }
    const verified = Object.values(DEFAULT_ALIGN_MODELS).filter((e) => e.verified && e.format !== 'none');
    expect(verified.length).toBeGreaterThanOrEqual(12);
  });

  it('resolves English to the same model WhisperX runs, with raw-waveform input', () => {
    expect(defaultAlignModel('en')).toMatchObject({
      original: 'WAV2VEC2_ASR_BASE_960H',
      repo: 'Xenova/wav2vec2-base-960h',
      format: 'onnx',
      file: 'onnx/model.onnx',
      normalize: false,
    });
    expect(defaultAlignModel('en').substitute).toBeUndefined();
  });

  it('resolves German to a marked substitute export, French and Italian to marked safetensors substitutes', () => {
    const de = defaultAlignModel('de');
    expect(de).toMatchObject({ original: 'VOXPOPULI_ASR_BASE_10K_DE', format: 'onnx', substitute: true });
    expect(de.repo).not.toBe(de.original);
    expect(defaultAlignModel('fr')).toMatchObject({
      repo: 'facebook/wav2vec2-large-xlsr-53-french',
      format: 'safetensors',
      revision: 'refs/pr/1',
      substitute: true,
    });
    expect(defaultAlignModel('it')).toMatchObject({ format: 'safetensors', substitute: true });
  });

  it("loads WhisperX's own checkpoint from its safetensors conversion revision", () => {
    expect(defaultAlignModel('ja')).toMatchObject({
      repo: 'jonatasgrosman/wav2vec2-large-xlsr-53-japanese',
      format: 'safetensors',
      revision: 'refs/pr/2',
      file: 'model.safetensors',
      size: '1.27 GB',
      verified: true,
    });
    expect(defaultAlignModel('cs')).toMatchObject({ revision: 'main', verified: true });
    expect(defaultAlignModel('sv')).toMatchObject({ revision: 'main', verified: false });
  });

  it('gives one clear line naming --align_model for a language with no loadable weights', () => {
    for (const lang of ['es', 'hu']) {
      const call = () => defaultAlignModel(lang);
      expect(call).toThrow(WhisperxError);
      expect(call).toThrow(/has no safetensors or ONNX weights known/);
      expect(call).toThrow(/--align_model <repo id or local folder with model\.safetensors or onnx\/model\.onnx>/);
      expect(noWeightsError(lang, DEFAULT_ALIGN_MODELS[lang]).message).not.toContain('\n');
    }
    expect(() => defaultAlignModel('es')).toThrow(/Alignment for "es": facebook\/wav2vec2-base-10k-voxpopuli-ft-es/);
  });

  it('rejects a language WhisperX has no default for, and prototype keys', () => {
    expect(() => defaultAlignModel('xx')).toThrow(/No default alignment model for language "xx".*--align_model mms/);
    expect(() => defaultAlignModel('toString')).toThrow(/No default alignment model/);
  });
});
