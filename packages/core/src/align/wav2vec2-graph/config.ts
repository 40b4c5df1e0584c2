/**
 * The architecture of a Hugging Face Wav2Vec2ForCTC checkpoint, read from its config.json (data,
 * never code). Defaults are transformers' Wav2Vec2Config defaults, so a config that omits a field
 * means what it means there.
 */
import { WhisperxError } from '../../errors.js';

/** Activations the builder can express (transformers' ACT2FN names). */
export type Activation = 'gelu' | 'gelu_new' | 'relu' | 'silu';

export interface Wav2Vec2Architecture {
  /** Output channels, kernel and stride of each feature-encoder convolution. */
  convDim: number[];
  convKernel: number[];
  convStride: number[];
  /** 'group': group norm after the first conv only (base layout); 'layer': layer norm after every conv (large / XLS-R). */
  featExtractNorm: 'group' | 'layer';
  featExtractActivation: Activation;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  hiddenActivation: Activation;
  layerNormEps: number;
  numConvPosEmbeddings: number;
  numConvPosEmbeddingGroups: number;
  /** Pre-norm encoder layers with a final layer norm (large / XLS-R) instead of post-norm (base). */
  stableLayerNorm: boolean;
  vocabSize: number;
}

function activation(file: string, field: string, value: unknown): Activation {
  const name = typeof value === 'string' ? value : 'gelu';
  if (name === 'gelu' || name === 'relu') return name;
  if (name === 'gelu_new' || name === 'gelu_pytorch_tanh' || name === 'gelu_fast') return 'gelu_new';
  if (name === 'swish' || name === 'silu') return 'silu';
  throw new WhisperxError(
    'model',
    `${file}: ${field} "${name}" is not supported by the wav2vec2 graph builder (gelu, gelu_new, relu, silu); pass --align_model <folder with onnx/model.onnx>.`,
  );
}

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const nums = (v: unknown, d: number[]): number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : d;

/** Parse config.json (`file` only names it in errors). */
export function parseWav2Vec2Config(config: Record<string, unknown>, file: string): Wav2Vec2Architecture {
  const archs = config.architectures;
  const modelType = config.model_type;
  if (modelType !== undefined && modelType !== 'wav2vec2') {
    throw new WhisperxError(
      'model',
      `${file}: model_type "${String(modelType)}" is not wav2vec2; the graph builder handles Wav2Vec2ForCTC checkpoints only. Pass --align_model <folder with onnx/model.onnx>.`,
    );
  }
  if (Array.isArray(archs) && archs.length > 0 && !archs.includes('Wav2Vec2ForCTC')) {
    throw new WhisperxError(
      'model',
      `${file}: architecture ${archs.join(', ')} is not Wav2Vec2ForCTC (a CTC head is needed for alignment). Pass --align_model <a CTC model>.`,
    );
  }
  if (config.add_adapter === true) {
    throw new WhisperxError('model', `${file}: checkpoints with add_adapter are not supported by the graph builder.`);
  }
  const convDim = nums(config.conv_dim, [512, 512, 512, 512, 512, 512, 512]);
  const convKernel = nums(config.conv_kernel, [10, 3, 3, 3, 3, 2, 2]);
  const convStride = nums(config.conv_stride, [5, 2, 2, 2, 2, 2, 2]);
  if (convDim.length !== convKernel.length || convDim.length !== convStride.length) {
    throw new WhisperxError('model', `${file}: conv_dim, conv_kernel and conv_stride differ in length.`);
  }
  const norm = config.feat_extract_norm ?? 'group';
  if (norm !== 'group' && norm !== 'layer') {
    throw new WhisperxError('model', `${file}: feat_extract_norm "${String(norm)}" is neither "group" nor "layer".`);
  }
  const arch: Wav2Vec2Architecture = {
    convDim,
    convKernel,
    convStride,
    featExtractNorm: norm,
    featExtractActivation: activation(file, 'feat_extract_activation', config.feat_extract_activation),
    hiddenSize: num(config.hidden_size, 768),
    numHiddenLayers: num(config.num_hidden_layers, 12),
    numAttentionHeads: num(config.num_attention_heads, 12),
    intermediateSize: num(config.intermediate_size, 3072),
    hiddenActivation: activation(file, 'hidden_act', config.hidden_act),
    layerNormEps: num(config.layer_norm_eps, 1e-5),
    numConvPosEmbeddings: num(config.num_conv_pos_embeddings, 128),
    numConvPosEmbeddingGroups: num(config.num_conv_pos_embedding_groups, 16),
    stableLayerNorm: config.do_stable_layer_norm === true,
    vocabSize: num(config.vocab_size, 32),
  };
  if (arch.hiddenSize % arch.numAttentionHeads !== 0) {
    throw new WhisperxError('model', `${file}: hidden_size is not a multiple of num_attention_heads.`);
  }
  return arch;
}
