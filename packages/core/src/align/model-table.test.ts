import { describe, expect, it } from 'vitest';
import { WhisperxError } from '../errors.js';
import { DEFAULT_ALIGN_MODELS, WHISPERX_ALIGN_MODELS, defaultAlignModel, noOnnxError } from './model-table.js';

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

  it('entries with onnx:true name an ONNX file under onnx/ and cite hub pages', () => {
    const verified = Object.entries(DEFAULT_ALIGN_MODELS).filter(([, e]) => e.onnx);
    expect(verified.length).toBeGreaterThan(0);
    for (const [, entry] of verified) {
      expect(entry.onnxFile).toMatch(/^onnx\/model[\w]*\.onnx$/);
      expect(entry.evidence).toContain(`https://huggingface.co/${entry.repo}/`);
      expect(entry.candidate).toBeUndefined();
    }
    for (const [, entry] of Object.entries(DEFAULT_ALIGN_MODELS).filter(([, e]) => !e.onnx)) {
      expect(entry.onnxFile).toBeUndefined();
      expect(entry.substitute).toBeUndefined();
    }
  });

  it('resolves English to the same model WhisperX runs, with raw-waveform input', () => {
    expect(defaultAlignModel('en')).toMatchObject({
      original: 'WAV2VEC2_ASR_BASE_960H',
      repo: 'Xenova/wav2vec2-base-960h',
      onnx: true,
      onnxFile: 'onnx/model.onnx',
      normalize: false,
    });
    expect(defaultAlignModel('en').substitute).toBeUndefined();
  });

  it('resolves German to a marked substitute export', () => {
    const de = defaultAlignModel('de');
    expect(de).toMatchObject({ original: 'VOXPOPULI_ASR_BASE_10K_DE', onnx: true, substitute: true });
    expect(de.repo).not.toBe(de.original);
    expect(de.normalize).toBeUndefined();
  });

  it('names the HF twin of a torchaudio bundle when there is no export', () => {
    expect(DEFAULT_ALIGN_MODELS.fr).toMatchObject({ repo: 'facebook/wav2vec2-base-10k-voxpopuli-ft-fr', onnx: false });
  });

  it('gives a clear error for a language without an export: --align_model, a local folder, optimum', () => {
    const call = () => defaultAlignModel('ja');
    expect(call).toThrow(WhisperxError);
    expect(call).toThrow(/jonatasgrosman\/wav2vec2-large-xlsr-53-japanese has no ONNX export verified on the hub/);
    expect(call).toThrow(/--align_model <repo id holding onnx\/model\.onnx>/);
    expect(call).toThrow(/--align_model <folder> \(a local folder\)/);
    expect(call).toThrow(
      /optimum-cli export onnx --model jonatasgrosman\/wav2vec2-large-xlsr-53-japanese --task automatic-speech-recognition/,
    );
    expect(call).not.toThrow(/candidate/);
    expect(noOnnxError('ja', DEFAULT_ALIGN_MODELS.ja).message).not.toContain('\n');
  });

  it('points at an unverified candidate when one was seen', () => {
    expect(() => defaultAlignModel('ru')).toThrow(
      /unverified candidate to try: --align_model onnx-community\/wav2vec2-large-xlsr-53-russian-ONNX/,
    );
  });

  it('rejects a language WhisperX has no default for, and prototype keys', () => {
    expect(() => defaultAlignModel('xx')).toThrow(/No default alignment model for language "xx".*--align_model/);
    expect(() => defaultAlignModel('toString')).toThrow(/No default alignment model/);
  });
});
