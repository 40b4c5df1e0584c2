import { describe, expect, it } from 'vitest';
import { COMPUTE_TYPE_SUFFIXES, WHISPER_MODELS, whisperModelEntry, whisperModelNames } from './model-table.js';
import { availableVariants, selectOnnxVariant } from './onnx-variant.js';
import { redactSecrets } from './redact.js';

const CONFIGS = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
];
/** A listing shaped like onnx-community/whisper-large-v3-turbo after the fp32 merged decoder was deleted. */
const TURBO = [
  ...CONFIGS,
  'onnx/encoder_model.onnx',
  'onnx/encoder_model.onnx_data',
  'onnx/decoder_model_merged_fp16.onnx',
  'onnx/encoder_model_fp16.onnx',
  'onnx/decoder_model_merged_quantized.onnx',
  'onnx/encoder_model_quantized.onnx',
  'onnx/decoder_model_merged_q4f16.onnx',
  'onnx/encoder_model_q4f16.onnx',
  'onnx/decoder_with_past_model.onnx',
  'onnx/decoder_model.onnx',
  'onnx/decoder_model.onnx_data',
  'onnx/decoder_model.onnx_data_1',
];

describe('selectOnnxVariant', () => {
  it('prefers the merged decoder of the same suffix', () => {
    expect(selectOnnxVariant(TURBO, 'float16', 'r')).toEqual({
      computeType: 'float16',
      suffix: '_fp16',
      encoder: 'onnx/encoder_model_fp16.onnx',
      decoderMerged: 'onnx/decoder_model_merged_fp16.onnx',
      externalData: [],
    });
  });

  it('falls back to decoder + decoder_with_past and collects external data files', () => {
    expect(selectOnnxVariant(TURBO, 'float32', 'r')).toEqual({
      computeType: 'float32',
      suffix: '',
      encoder: 'onnx/encoder_model.onnx',
      decoder: 'onnx/decoder_model.onnx',
      decoderWithPast: 'onnx/decoder_with_past_model.onnx',
      externalData: ['onnx/encoder_model.onnx_data', 'onnx/decoder_model.onnx_data', 'onnx/decoder_model.onnx_data_1'],
    });
  });

  it('maps int8 to _int8 when present, else _quantized', () => {
    expect(selectOnnxVariant(TURBO, 'int8').suffix).toBe('_quantized');
    const withInt8 = [...TURBO, 'onnx/encoder_model_int8.onnx', 'onnx/decoder_model_merged_int8.onnx'];
    expect(selectOnnxVariant(withInt8, 'int8').encoder).toBe('onnx/encoder_model_int8.onnx');
    expect(selectOnnxVariant(withInt8, 'q8').encoder).toBe('onnx/encoder_model_quantized.onnx');
  });

  it('finds graphs at the folder root too', () => {
    const v = selectOnnxVariant(['encoder_model.onnx', 'decoder_model_merged.onnx', ...CONFIGS], 'float32');
    expect([v.encoder, v.decoderMerged]).toEqual(['encoder_model.onnx', 'decoder_model_merged.onnx']);
  });

  it('names the source, the compute type and the variants it has when one is missing', () => {
    const err = (() => {
      try {
        selectOnnxVariant(TURBO, 'q4', 'onnx-community/whisper-large-v3-turbo');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(err.message).toContain('onnx-community/whisper-large-v3-turbo has no ONNX files for compute type q4');
    expect(err.message).toContain('it has: float32, float16, q8, q4f16');
    expect(availableVariants(TURBO)).toEqual(['', '_fp16', '_quantized', '_q4f16']);
    expect(() => selectOnnxVariant(TURBO, 'bfloat16')).toThrow(/unknown compute type/);
  });
});

describe('Whisper model table', () => {
  it('maps every Whisper name (and turbo) to a repo id with evidence', () => {
    const names = [
      'tiny',
      'tiny.en',
      'base',
      'base.en',
      'small',
      'small.en',
      'medium',
      'medium.en',
      'large-v1',
      'large-v2',
      'large-v3',
      'large-v3-turbo',
      'turbo',
    ];
    for (const n of names) {
      const e = whisperModelEntry(n);
      expect(e, n).toBeDefined();
      expect(e!.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(e!.evidence.length).toBeGreaterThan(40);
      expect(e!.englishOnly).toBe(n.endsWith('.en'));
    }
    expect(whisperModelEntry('turbo')?.repo).toBe('onnx-community/whisper-large-v3-turbo');
    expect(whisperModelEntry('tiny')?.repo).toBe('onnx-community/whisper-tiny');
    expect(whisperModelEntry('large-v3')?.melBins).toBe(128);
    expect(whisperModelEntry('large-v2')?.melBins).toBe(80);
    expect(whisperModelEntry('huge')).toBeUndefined();
    expect(whisperModelEntry('toString')).toBeUndefined();
    expect(whisperModelNames()).toEqual(expect.arrayContaining(Object.keys(WHISPER_MODELS)));
    expect(COMPUTE_TYPE_SUFFIXES.float16).toEqual(['_fp16']);
  });
});

describe('redactSecrets', () => {
  it('hides hub tokens, bearer values, URL credentials, token query parameters and explicit secrets', () => {
    const text =
      'token hf_AbCdEfGh12345678 header "Authorization: Bearer sekrit-value" url https://me:pw@host/x?token=abc&x=1 custom plainsecret';
    const out = redactSecrets(text, ['plainsecret']);
    for (const s of ['hf_AbCdEfGh12345678', 'sekrit-value', 'me:pw', 'token=abc', 'plainsecret'])
      expect(out).not.toContain(s);
    expect(out).toContain('hf_***');
    expect(out).toContain('Bearer ***');
    expect(out).toContain('x=1');
  });
});
