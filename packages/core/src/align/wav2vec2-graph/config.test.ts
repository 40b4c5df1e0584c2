import { describe, expect, it } from 'vitest';
import { parseWav2Vec2Config } from './config.js';

describe('Wav2Vec2ForCTC config', () => {
  it("reads a large XLS-R style config and fills transformers' defaults", () => {
    const arch = parseWav2Vec2Config(
      {
        architectures: ['Wav2Vec2ForCTC'],
        model_type: 'wav2vec2',
        feat_extract_norm: 'layer',
        do_stable_layer_norm: true,
        hidden_size: 1024,
        num_hidden_layers: 24,
        num_attention_heads: 16,
        intermediate_size: 4096,
        vocab_size: 40,
      },
      'config.json',
    );
    expect(arch).toMatchObject({
      featExtractNorm: 'layer',
      stableLayerNorm: true,
      convDim: [512, 512, 512, 512, 512, 512, 512],
      convKernel: [10, 3, 3, 3, 3, 2, 2],
      convStride: [5, 2, 2, 2, 2, 2, 2],
      numConvPosEmbeddings: 128,
      numConvPosEmbeddingGroups: 16,
      hiddenActivation: 'gelu',
      layerNormEps: 1e-5,
      vocabSize: 40,
    });
    expect(parseWav2Vec2Config({}, 'c.json')).toMatchObject({
      featExtractNorm: 'group',
      stableLayerNorm: false,
      hiddenSize: 768,
    });
  });

  it('maps activation names and refuses unknown ones with one line', () => {
    expect(parseWav2Vec2Config({ hidden_act: 'gelu_new' }, 'c').hiddenActivation).toBe('gelu_new');
    expect(parseWav2Vec2Config({ hidden_act: 'swish' }, 'c').hiddenActivation).toBe('silu');
    expect(() => parseWav2Vec2Config({ hidden_act: 'mish' }, 'm/config.json')).toThrow(
      /m\/config\.json: hidden_act "mish" is not supported.*--align_model/,
    );
  });

  it('refuses other model types, adapters and inconsistent conv stacks', () => {
    expect(() => parseWav2Vec2Config({ model_type: 'hubert' }, 'c')).toThrow(/model_type "hubert" is not wav2vec2/);
    expect(() => parseWav2Vec2Config({ add_adapter: true }, 'c')).toThrow(/add_adapter/);
    expect(() => parseWav2Vec2Config({ conv_dim: [1, 2], conv_kernel: [3], conv_stride: [1] }, 'c')).toThrow(
      /differ in length/,
    );
    expect(() => parseWav2Vec2Config({ hidden_size: 10, num_attention_heads: 3 }, 'c')).toThrow(/multiple/);
  });
});
