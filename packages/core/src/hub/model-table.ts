/**
 * Model tables, in one place: Whisper model names -> Hugging Face repos with ONNX exports in the
 * transformers.js layout (config/tokenizer JSON at the root, `onnx/encoder_model*.onnx`,
 * `onnx/decoder_model_merged*.onnx` or `decoder_model*.onnx` + `decoder_with_past_model*.onnx`,
 * large fp32 graphs with `*.onnx_data` external weights), and compute types -> file suffixes.
 *
 * Evidence: each entry's `evidence` says what was checked and where (huggingface.co tree / commit
 * pages, read through the docs search index while writing this table). Which variants a repo
 * holds is NOT trusted from this table at run time: the resolver lists the repo (or the local
 * folder) and selectOnnxVariant picks from what is actually there.
 */

/** The shape every stage's model table uses (align and diarize keep their own tables). */
export interface ModelTableEntry {
  /** Hugging Face repo id. */
  repo: string;
  /** Revision to fetch. Default 'main'. */
  revision?: string;
  /** What was verified about this repo and how (pages read), for maintainers. */
  evidence: string;
}

export interface WhisperModelEntry extends ModelTableEntry {
  /** Log-mel bins the model expects: 128 for large-v3 and its descendants, 80 otherwise. */
  melBins: 80 | 128;
  /** True for the `.en` models (no language or task tokens). */
  englishOnly: boolean;
}

const OC = 'onnx-community';

/** Whisper model names accepted by --model, as in openai/whisper and WhisperX. */
export const WHISPER_MODELS = {
  tiny: {
    repo: `${OC}/whisper-tiny`,
    melBins: 80,
    englishOnly: false,
    evidence:
      'huggingface.co/onnx-community/whisper-tiny/tree/main lists onnx/ + config, generation_config, preprocessor_config, tokenizer(_config).json; ' +
      'commit pages for onnx/decoder_model_fp16.onnx and onnx/decoder_with_past_model_int8.onnx; PR #1 added onnx/decoder_model_merged_fp16.onnx.',
  },
  'tiny.en': {
    repo: `${OC}/whisper-tiny.en`,
    melBins: 80,
    englishOnly: true,
    evidence:
      'huggingface.co/onnx-community/whisper-tiny.en/commits/main/tokenizer.json exists (same Xenova upload as whisper-tiny, 2024-05-24); onnx/ files not listed individually.',
  },
  base: {
    repo: `${OC}/whisper-base`,
    melBins: 80,
    englishOnly: false,
    evidence:
      'huggingface.co/onnx-community/whisper-base/tree/<commit> lists onnx/ + config, generation_config, preprocessor_config, tokenizer(_config).json, quantize_config.json.',
  },
  'base.en': {
    repo: `${OC}/whisper-base.en`,
    melBins: 80,
    englishOnly: true,
    evidence:
      'huggingface.co/onnx-community/whisper-base.en/tree/main lists onnx/ + config, generation_config, preprocessor_config, tokenizer(_config).json.',
  },
  small: {
    repo: `${OC}/whisper-small`,
    melBins: 80,
    englishOnly: false,
    evidence:
      'huggingface.co/onnx-community/whisper-small/tree/main lists onnx/ (PR #1 "Generate decoder_model_merged_fp16.onnx") + config and tokenizer JSON.',
  },
  'small.en': {
    repo: `${OC}/whisper-small.en`,
    melBins: 80,
    englishOnly: true,
    evidence:
      'huggingface.co/onnx-community/whisper-small.en/commits/main/onnx/encoder_model_int8.onnx exists; tokenizer_config.json page exists.',
  },
  medium: {
    repo: 'Xenova/whisper-medium',
    melBins: 80,
    englishOnly: false,
    evidence:
      'No onnx-community/whisper-medium page found. huggingface.co/Xenova/whisper-medium/tree/<commit>/onnx lists encoder_model.onnx (1.23 GB), encoder_model_quantized.onnx, ' +
      'decoder_model_merged.onnx + .onnx_data, decoder_model_merged_quantized.onnx, decoder_model(_quantized).onnx, decoder_with_past_model(_quantized).onnx.',
  },
  'medium.en': {
    repo: 'Xenova/whisper-medium.en',
    melBins: 80,
    englishOnly: true,
    evidence:
      'No onnx-community/whisper-medium.en page found. huggingface.co/Xenova/whisper-medium.en/tree/<commit>/onnx lists encoder_model(_fp16).onnx, decoder_model_merged.onnx + .onnx_data, ' +
      'decoder_model_merged_fp16.onnx, decoder_model_merged_quantized.onnx, decoder_with_past_model(_quantized).onnx.',
  },
  'large-v1': {
    repo: 'Xenova/whisper-large',
    melBins: 80,
    englishOnly: false,
    evidence:
      'No onnx-community repo found. huggingface.co/Xenova/whisper-large/blob/main/onnx/encoder_model.onnx_data exists (2.55 GB, external weights of onnx/encoder_model.onnx).',
  },
  'large-v2': {
    repo: 'Xenova/whisper-large-v2',
    melBins: 80,
    englishOnly: false,
    evidence:
      'No onnx-community repo found. huggingface.co/Xenova/whisper-large-v2/tree/<commit>/onnx lists encoder_model.onnx + .onnx_data, encoder_model_quantized.onnx, ' +
      'decoder_model_merged.onnx + .onnx_data, decoder_model_merged_quantized.onnx, decoder_model / decoder_with_past_model (+ _quantized, + .onnx_data).',
  },
  'large-v3': {
    repo: 'Xenova/whisper-large-v3',
    melBins: 128,
    englishOnly: false,
    evidence:
      'No onnx-community/whisper-large-v3 (non-turbo) page found. huggingface.co/Xenova/whisper-large-v3/tree/main/onnx lists encoder_model.onnx + .onnx_data, encoder_model_quantized.onnx, ' +
      'decoder_model_merged.onnx + .onnx_data, decoder_model_merged_quantized.onnx, decoder_model / decoder_with_past_model (+ _quantized, + .onnx_data).',
  },
  'large-v3-turbo': {
    repo: `${OC}/whisper-large-v3-turbo`,
    melBins: 128,
    englishOnly: false,
    evidence:
      'huggingface.co/onnx-community/whisper-large-v3-turbo: pages for onnx/encoder_model_fp16.onnx (1.27 GB), encoder_model_quantized.onnx, encoder_model_q4f16.onnx, ' +
      'decoder_model_merged_quantized.onnx, decoder_with_past_model_bnb4.onnx; a duplicate repo shows decoder_with_past_model(_quantized|_uint8).onnx. Commit history deletes ' +
      'onnx/decoder_model_merged.onnx and onnx/decoder_model.onnx (2024-10-01) before a re-upload, so the fp32 merged decoder may be absent: variants are picked from the live listing.',
  },
  'distil-large-v3': {
    repo: 'distil-whisper/distil-large-v3',
    melBins: 128,
    englishOnly: false,
    evidence:
      'huggingface.co/distil-whisper/distil-large-v3 tree pages (main history "Add model weights and config") list onnx/encoder_model.onnx + .onnx_data, encoder_model_quantized.onnx, ' +
      'decoder_model_merged(_quantized).onnx, decoder_with_past_model(_quantized).onnx; config/tokenizer JSON at the repo root. Trained on English, multilingual vocabulary (language tokens present).',
  },
} as const satisfies Record<string, WhisperModelEntry>;

export type WhisperModelName = keyof typeof WHISPER_MODELS;

/** Other accepted spellings -> table names (`turbo` as in openai/whisper; `large` = large-v3 there). */
export const WHISPER_ALIASES: Readonly<Record<string, WhisperModelName>> = {
  turbo: 'large-v3-turbo',
  large: 'large-v3',
  'distil-large-v3.0': 'distil-large-v3',
};

/** The table entry for a model name or alias, or undefined. */
export function whisperModelEntry(name: string): WhisperModelEntry | undefined {
  const key = (WHISPER_ALIASES[name] ?? name) as WhisperModelName;
  return Object.prototype.hasOwnProperty.call(WHISPER_MODELS, key) ? WHISPER_MODELS[key] : undefined;
}

/** All names --model accepts (table names and aliases), for help text and errors. */
export function whisperModelNames(): string[] {
  return [...Object.keys(WHISPER_MODELS), ...Object.keys(WHISPER_ALIASES)];
}

/**
 * Compute type -> ONNX file-name suffixes to look for, best first (transformers.js naming:
 * `encoder_model{suffix}.onnx`). CTranslate2/WhisperX names (int8_float16, ...) map to the
 * nearest ONNX export; `_quantized` is transformers.js's dynamic 8-bit (q8) export.
 */
export const COMPUTE_TYPE_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  float32: [''],
  fp32: [''],
  default: [''],
  float16: ['_fp16'],
  fp16: ['_fp16'],
  int8: ['_int8', '_quantized'],
  int8_float32: ['_int8', '_quantized'],
  int8_float16: ['_int8', '_quantized'],
  q8: ['_quantized', '_int8'],
  quantized: ['_quantized', '_int8'],
  uint8: ['_uint8', '_quantized'],
  q4: ['_q4'],
  int4: ['_q4'],
  q4f16: ['_q4f16'],
  bnb4: ['_bnb4'],
};

/** Suffix -> the compute type named in messages. */
export const SUFFIX_COMPUTE_TYPE: Readonly<Record<string, string>> = {
  '': 'float32',
  _fp16: 'float16',
  _int8: 'int8',
  _quantized: 'q8',
  _uint8: 'uint8',
  _q4: 'q4',
  _q4f16: 'q4f16',
  _bnb4: 'bnb4',
};

/**
 * Weights for the MLX backend: the original Hugging Face checkpoints (`model.safetensors` +
 * config / tokenizer / generation_config JSON in one repo; native-mlx maps the Hugging Face
 * weight names). Evidence: huggingface.co/openai/whisper-{tiny,base,small,medium,large-v2,
 * large-v3,large-v3-turbo}(.en) are the checkpoints transformers loads by these ids, each with
 * model.safetensors; distil-whisper/distil-large-v3 has the same layout.
 */
export function whisperSafetensorsRepo(name: string): string | undefined {
  const key = WHISPER_ALIASES[name] ?? name;
  if (!Object.prototype.hasOwnProperty.call(WHISPER_MODELS, key)) return undefined;
  if (key === 'distil-large-v3') return 'distil-whisper/distil-large-v3';
  return `openai/whisper-${key === 'large-v1' ? 'large' : key}`;
}

/** Files of a Hugging Face Whisper checkpoint that the MLX backend reads. */
export const WHISPER_SAFETENSORS_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'model.safetensors',
] as const;
