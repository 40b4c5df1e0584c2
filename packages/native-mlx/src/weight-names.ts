/**
 * Hugging Face -> MLX (openai-whisper) tensor names for Whisper, and the set of names a model of given
 * dimensions must hold. Mirrored in C++ by src/native/weight_names.cpp; both are tested on the same
 * key sets (src/__fixtures__, taken from real checkpoints).
 *
 * HF:  model.encoder.layers.3.self_attn.q_proj.weight   model.decoder.embed_tokens.weight
 * MLX: encoder.blocks.3.attn.query.weight                decoder.token_embedding.weight
 */
import type { ModelDims } from './config.js';

export type WeightLayout = 'mlx' | 'hf';

/** An unknown tensor name; `message` names the tensor, the cause and the fix. */
export class WeightNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightNameError';
  }
}

/** Module renames inside a transformer block (HF -> MLX). */
const BLOCK_MODULES: Record<string, string> = {
  self_attn: 'attn',
  encoder_attn: 'cross_attn',
  self_attn_layer_norm: 'attn_ln',
  encoder_attn_layer_norm: 'cross_attn_ln',
  final_layer_norm: 'mlp_ln',
  fc1: 'mlp1',
  fc2: 'mlp2',
};

/** Projection renames inside an attention module (HF -> MLX). */
const ATTN_PROJECTIONS: Record<string, string> = {
  q_proj: 'query',
  k_proj: 'key',
  v_proj: 'value',
  out_proj: 'out',
};

/** Renames of the stack-level tensors, after the `encoder.`/`decoder.` prefix (HF -> MLX). */
const STACK_TENSORS: Record<string, string> = {
  'embed_positions.weight': 'positional_embedding',
  'embed_tokens.weight': 'token_embedding.weight',
  'layer_norm.weight': '{ln}.weight',
  'layer_norm.bias': '{ln}.bias',
  'conv1.weight': 'conv1.weight',
  'conv1.bias': 'conv1.bias',
  'conv2.weight': 'conv2.weight',
  'conv2.bias': 'conv2.bias',
};

function unknown(name: string): WeightNameError {
  return new WeightNameError(
    `Unknown Whisper tensor "${name}": not part of WhisperForConditionalGeneration; use an openai/whisper-* or mlx-community/whisper-*-mlx checkpoint.`,
  );
}

/**
 * The MLX name of a Hugging Face tensor, or null for tensors MLX does not keep (the output
 * projection `proj_out.weight`, which is tied to the token embedding). Throws WeightNameError
 * for names that are not part of a Whisper checkpoint.
 */
export function hfToMlxName(name: string): string | null {
  if (name === 'proj_out.weight') return null;
  const rest = name.startsWith('model.') ? name.slice('model.'.length) : name;
  const dot = rest.indexOf('.');
  const stack = rest.slice(0, dot);
  if (dot < 0 || (stack !== 'encoder' && stack !== 'decoder')) throw unknown(name);
  const tail = rest.slice(dot + 1);
  const parts = tail.split('.');
  if (parts[0] === 'layers') {
    // layers.N.<module>[.<projection>].<weight|bias>
    const index = parts[1];
    if (!/^\d+$/.test(index ?? '')) throw unknown(name);
    const module = BLOCK_MODULES[parts[2] ?? ''];
    if (!module) throw unknown(name);
    if (stack === 'encoder' && module.startsWith('cross_')) throw unknown(name);
    let leaf: string[];
    if (module === 'attn' || module === 'cross_attn') {
      const proj = ATTN_PROJECTIONS[parts[3] ?? ''];
      if (!proj || parts.length !== 5) throw unknown(name);
      leaf = [proj, parts[4]];
    } else {
      if (parts.length !== 4) throw unknown(name);
      leaf = [parts[3]];
    }
    const param = leaf[leaf.length - 1];
    if (param !== 'weight' && param !== 'bias') throw unknown(name);
    return [stack, 'blocks', index, module, ...leaf].join('.');
  }
  const mapped = STACK_TENSORS[tail];
  if (!mapped) throw unknown(name);
  if (stack === 'encoder' && mapped.startsWith('token_')) throw unknown(name);
  if (stack === 'decoder' && mapped.startsWith('conv')) throw unknown(name);
  return `${stack}.${mapped.replace('{ln}', stack === 'encoder' ? 'ln_post' : 'ln')}`;
}

/** Tensors stored [out, in, kernel] by PyTorch that MLX wants as [out, kernel, in]. */
export function isConvWeight(mlxName: string): boolean {
  return mlxName === 'encoder.conv1.weight' || mlxName === 'encoder.conv2.weight';
}

/** Which naming a checkpoint uses, from its tensor names. */
export function detectWeightLayout(names: Iterable<string>): WeightLayout {
  for (const n of names) {
    if (n.startsWith('model.') || n === 'proj_out.weight') return 'hf';
  }
  return 'mlx';
}

/**
 * Every MLX tensor a float model with these dimensions needs. The encoder's sinusoidal
 * `encoder.positional_embedding` is optional (computed when absent) and not listed; neither is
 * `alignment_heads`, which mlx-community files may carry.
 */
export function expectedMlxNames(dims: Pick<ModelDims, 'nAudioLayer' | 'nTextLayer'>): string[] {
  const names = [
    'encoder.conv1.weight',
    'encoder.conv1.bias',
    'encoder.conv2.weight',
    'encoder.conv2.bias',
    'encoder.ln_post.weight',
    'encoder.ln_post.bias',
    'decoder.token_embedding.weight',
    'decoder.positional_embedding',
    'decoder.ln.weight',
    'decoder.ln.bias',
  ];
  const block = (prefix: string, cross: boolean) => {
    const attns = cross ? ['attn', 'cross_attn'] : ['attn'];
    for (const a of attns) {
      names.push(`${prefix}.${a}.query.weight`, `${prefix}.${a}.query.bias`, `${prefix}.${a}.key.weight`);
      names.push(`${prefix}.${a}.value.weight`, `${prefix}.${a}.value.bias`);
      names.push(`${prefix}.${a}.out.weight`, `${prefix}.${a}.out.bias`);
      names.push(`${prefix}.${a}_ln.weight`, `${prefix}.${a}_ln.bias`);
    }
    names.push(`${prefix}.mlp1.weight`, `${prefix}.mlp1.bias`, `${prefix}.mlp2.weight`, `${prefix}.mlp2.bias`);
    names.push(`${prefix}.mlp_ln.weight`, `${prefix}.mlp_ln.bias`);
  };
  for (let i = 0; i < dims.nAudioLayer; i++) block(`encoder.blocks.${i}`, false);
  for (let i = 0; i < dims.nTextLayer; i++) block(`decoder.blocks.${i}`, true);
  return names;
}

/**
 * Tensors that MLX's quantizer turns into (weight uint32, scales, biases): the linear layers and
 * the token embedding (whose quantized form also serves as the output projection).
 */
export function isQuantizable(mlxName: string): boolean {
  if (mlxName === 'decoder.token_embedding.weight') return true;
  return /\.(query|key|value|out|mlp1|mlp2)\.weight$/.test(mlxName);
}

/** The scales/biases companions of a quantized weight, as mlx-community files name them. */
export function quantizedCompanions(mlxWeightName: string): [string, string] {
  const base = mlxWeightName.replace(/\.weight$/, '');
  return [`${base}.scales`, `${base}.biases`];
}
