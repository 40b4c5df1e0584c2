/**
 * Whisper model configuration, read from either layout native-mlx loads:
 * - MLX community (`mlx-community/whisper-*-mlx`): openai-whisper names (`n_mels`, `n_audio_state`,
 *   ...) plus an optional `quantization` {group_size, bits} and `alignment_heads`;
 * - Hugging Face (`openai/whisper-*`): transformers names (`num_mel_bins`, `d_model`, ...), with the
 *   alignment heads in generation_config.json.
 * Mirrored in C++ by src/native/whisper_config.cpp (same rules, same error texts).
 */

/** Where the config came from. */
export type ConfigLayout = 'mlx' | 'hf';

/** Full model dimensions (openai-whisper names in comments). */
export interface ModelDims {
  /** n_mels: 80, or 128 for large-v3 / turbo. */
  nMels: number;
  /** n_vocab: 51864 (.en), 51865, 51866 (large-v3). */
  nVocab: number;
  /** n_audio_ctx: encoder frames per 30 s window (1500). */
  nAudioCtx: number;
  /** n_audio_state: encoder width. */
  nAudioState: number;
  /** n_audio_head. */
  nAudioHead: number;
  /** n_audio_layer. */
  nAudioLayer: number;
  /** n_text_ctx: decoder positions (448). */
  nTextCtx: number;
  /** n_text_state: decoder width (equals n_audio_state in every released model). */
  nTextState: number;
  /** n_text_head. */
  nTextHead: number;
  /** n_text_layer. */
  nTextLayer: number;
}

/** Weights that were already quantized by MLX (mlx-community `-4bit`/`-8bit` repos). */
export interface StoredQuantization {
  /** Elements sharing one scale and bias (32, 64 or 128). */
  groupSize: number;
  /** Bits per weight (4 or 8; MLX also knows 2, 3, 5, 6). */
  bits: number;
}

export interface WhisperModelConfig {
  layout: ConfigLayout;
  dims: ModelDims;
  /** Present when the weights on disk are MLX-quantized. */
  quantization?: StoredQuantization;
  /** [decoder layer, head] pairs whose cross-attention follows the audio (word timing); may be absent. */
  alignmentHeads?: [number, number][];
}

const MLX_KEYS: Record<keyof ModelDims, string> = {
  nMels: 'n_mels',
  nVocab: 'n_vocab',
  nAudioCtx: 'n_audio_ctx',
  nAudioState: 'n_audio_state',
  nAudioHead: 'n_audio_head',
  nAudioLayer: 'n_audio_layer',
  nTextCtx: 'n_text_ctx',
  nTextState: 'n_text_state',
  nTextHead: 'n_text_head',
  nTextLayer: 'n_text_layer',
};

const HF_KEYS: Record<keyof ModelDims, string> = {
  nMels: 'num_mel_bins',
  nVocab: 'vocab_size',
  nAudioCtx: 'max_source_positions',
  nAudioState: 'd_model',
  nAudioHead: 'encoder_attention_heads',
  nAudioLayer: 'encoder_layers',
  nTextCtx: 'max_target_positions',
  nTextState: 'd_model',
  nTextHead: 'decoder_attention_heads',
  nTextLayer: 'decoder_layers',
};

/** A config problem; `message` is one line naming the field, the cause and the fix. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function positiveInt(obj: Record<string, unknown>, key: string, file: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new ConfigError(
      `${file}: "${key}" must be a positive integer (got ${JSON.stringify(v)}); use a Whisper config.json from Hugging Face or mlx-community.`,
    );
  }
  return v;
}

/** Which layout a parsed config.json uses, or undefined when it is not a Whisper config. */
export function detectConfigLayout(json: Record<string, unknown>): ConfigLayout | undefined {
  if ('n_mels' in json && 'n_text_layer' in json) return 'mlx';
  if ('num_mel_bins' in json && 'decoder_layers' in json) return 'hf';
  return undefined;
}

function parseHeads(v: unknown, dims: ModelDims, file: string): [number, number][] {
  const bad = () =>
    new ConfigError(
      `${file}: "alignment_heads" must be a list of [layer, head] pairs inside ${dims.nTextLayer} x ${dims.nTextHead}; remove it to use the default (upper half of the decoder).`,
    );
  if (!Array.isArray(v)) throw bad();
  return v.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw bad();
    const [l, h] = pair as unknown[];
    if (!Number.isInteger(l) || !Number.isInteger(h)) throw bad();
    const layer = l as number;
    const head = h as number;
    if (layer < 0 || layer >= dims.nTextLayer || head < 0 || head >= dims.nTextHead) throw bad();
    return [layer, head];
  });
}

/**
 * Parse a Whisper config.json (either layout). `generation` is the parsed generation_config.json
 * of a Hugging Face folder, if any (its `alignment_heads` is used when config.json has none).
 */
export function parseWhisperConfig(
  json: unknown,
  options: { file?: string; generation?: unknown } = {},
): WhisperModelConfig {
  const file = options.file ?? 'config.json';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`${file}: not a JSON object; point at a Whisper model folder.`);
  }
  const obj = json as Record<string, unknown>;
  const layout = detectConfigLayout(obj);
  if (!layout) {
    throw new ConfigError(
      `${file}: not a Whisper config (no n_mels/n_text_layer nor num_mel_bins/decoder_layers); use an openai/whisper-* or mlx-community/whisper-*-mlx folder.`,
    );
  }
  const keys = layout === 'mlx' ? MLX_KEYS : HF_KEYS;
  const dims = Object.fromEntries(
    (Object.keys(keys) as (keyof ModelDims)[]).map((k) => [k, positiveInt(obj, keys[k], file)]),
  ) as unknown as ModelDims;
  if (dims.nAudioState % dims.nAudioHead !== 0 || dims.nTextState % dims.nTextHead !== 0) {
    throw new ConfigError(`${file}: the model width is not a multiple of the head count; the config is corrupt.`);
  }
  const config: WhisperModelConfig = { layout, dims };
  const q = obj.quantization;
  if (q !== undefined && q !== null) {
    if (typeof q !== 'object' || Array.isArray(q)) {
      throw new ConfigError(`${file}: "quantization" must be an object {group_size, bits}.`);
    }
    const qo = q as Record<string, unknown>;
    config.quantization = {
      groupSize: positiveInt(qo, 'group_size', `${file} quantization`),
      bits: positiveInt(qo, 'bits', `${file} quantization`),
    };
  }
  const gen = options.generation as Record<string, unknown> | undefined;
  const heads = obj.alignment_heads ?? (gen && typeof gen === 'object' ? gen.alignment_heads : undefined);
  if (heads !== undefined && heads !== null) config.alignmentHeads = parseHeads(heads, dims, file);
  return config;
}

/** openai-whisper's default alignment heads: every head of the upper half of the decoder. */
export function defaultAlignmentHeads(dims: ModelDims): [number, number][] {
  const out: [number, number][] = [];
  for (let l = Math.floor(dims.nTextLayer / 2); l < dims.nTextLayer; l++) {
    for (let h = 0; h < dims.nTextHead; h++) out.push([l, h]);
  }
  return out;
}
