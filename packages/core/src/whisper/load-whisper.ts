/**
 * Loading a Whisper model from a local folder in the onnx-community layout
 * (`config.json`, `generation_config.json`, `tokenizer.json`, `tokenizer_config.json`,
 * `preprocessor_config.json`, `onnx/encoder_model*.onnx`, `onnx/decoder_model_merged*.onnx` or
 * `onnx/decoder_model*.onnx` + `onnx/decoder_with_past_model*.onnx`) or from explicit files
 * (what the hub resolver returns).
 */
import { readModelJson } from '../model-json.js';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import type { OnnxDevice } from '../onnx/session.js';
import { parseGenerationDefaults, parseWhisperDims } from './model-config.js';
import { OnnxScoreKernels } from './score-kernels.js';
import { OnnxWhisperExecutor } from './onnx-executor.js';
import { WhisperTokenizer } from './tokenizer.js';
import { WhisperModel } from './whisper-model.js';
import type { WhisperExecutor } from './executor.js';

/** Paths of every file a Whisper model needs. */
export interface WhisperFiles {
  /** encoder_model*.onnx */
  encoder: string;
  /** decoder_model_merged*.onnx; preferred over the split pair. */
  decoderMerged?: string;
  /** decoder_model*.onnx (split layout). */
  decoder?: string;
  /** decoder_with_past_model*.onnx (split layout). */
  decoderWithPast?: string;
  /** config.json */
  config: string;
  /** generation_config.json (optional: config.json's fields are used without it). */
  generationConfig?: string;
  /** tokenizer.json */
  tokenizer: string;
  /** tokenizer_config.json */
  tokenizerConfig: string;
  /** preprocessor_config.json (read for nothing yet; the mel size comes from config.json). */
  preprocessorConfig?: string;
}

/** ONNX weight variants of the onnx-community exports, by file-name suffix. */
export type WhisperComputeType = 'float32' | 'float16' | 'int8' | 'uint8' | 'quantized' | 'q4' | 'q4f16' | 'bnb4';
const SUFFIX: Record<WhisperComputeType, string> = {
  float32: '',
  float16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  quantized: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

export interface LoadWhisperOptions {
  /** Backend. Only "onnx" here; native-mlx provides "mlx". Default "onnx". */
  backend?: 'onnx';
  /** Execution device. Default "cpu". */
  device?: OnnxDevice;
  /** Intra-op threads; 0 = onnxruntime's default. Default 0. */
  threads?: number;
  /** Which ONNX variant to pick from a folder (file suffix). Default "float32". Ignored for explicit files (they name the variant). */
  computeType?: WhisperComputeType;
}

/** The files of a local onnx-community style folder for a compute type. */
export function whisperFilesFromFolder(dir: string, computeType: WhisperComputeType = 'float32'): WhisperFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new WhisperxError('model', `${dir}: model folder not found.`);
  const suffix = SUFFIX[computeType];
  if (suffix === undefined)
    throw new WhisperxError(
      'usage',
      `--compute-type ${computeType}: expected one of ${Object.keys(SUFFIX).join(', ')}.`,
    );
  const onnxFile = (base: string) => {
    for (const sub of ['onnx', '.']) {
      const p = path.join(dir, sub, `${base}${suffix}.onnx`);
      if (existsSync(p)) return p;
    }
    return undefined;
  };
  const need = (name: string) => {
    const p = path.join(dir, name);
    if (!existsSync(p)) throw new WhisperxError('model', `${p}: missing; a Whisper model folder needs ${name}.`);
    return p;
  };
  const optional = (name: string) => (existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined);
  const encoder = onnxFile('encoder_model');
  const decoderMerged = onnxFile('decoder_model_merged');
  const decoder = onnxFile('decoder_model');
  const decoderWithPast = onnxFile('decoder_with_past_model');
  if (!encoder || !(decoderMerged || (decoder && decoderWithPast))) {
    throw new WhisperxError(
      'model',
      `${dir}: no ${computeType} ONNX Whisper files (need onnx/encoder_model${suffix}.onnx and onnx/decoder_model_merged${suffix}.onnx or the split decoder pair). Pick another compute type or re-download the model.`,
    );
  }
  return {
    encoder,
    ...(decoderMerged ? { decoderMerged } : { decoder, decoderWithPast }),
    config: need('config.json'),
    generationConfig: optional('generation_config.json'),
    tokenizer: need('tokenizer.json'),
    tokenizerConfig: need('tokenizer_config.json'),
    preprocessorConfig: optional('preprocessor_config.json'),
  };
}

/** Load a Whisper model for the one decoding policy. */
export async function loadWhisper(
  dirOrFiles: string | WhisperFiles,
  options: LoadWhisperOptions = {},
): Promise<WhisperModel> {
  if ((options.backend ?? 'onnx') !== 'onnx') {
    throw new WhisperxError(
      'usage',
      `backend ${String(options.backend)}: loadWhisper in core runs "onnx"; the mlx backend lives in @whisperx-ts/native-mlx.`,
    );
  }
  const files = typeof dirOrFiles === 'string' ? whisperFilesFromFolder(dirOrFiles, options.computeType) : dirOrFiles;
  return whisperModelFromExecutor(files, (dims) =>
    OnnxWhisperExecutor.create(files, dims, { device: options.device, threads: options.threads }),
  );
}

/** The JSON files the decoding policy reads (any backend). */
export type WhisperPolicyFiles = Pick<WhisperFiles, 'config' | 'generationConfig' | 'tokenizer' | 'tokenizerConfig'>;

/**
 * A Whisper model on any executor: the tokenizer and generation defaults come from the
 * Hugging Face JSON files; `createExecutor` receives the dims parsed from config.json. The
 * decoders' arithmetic over score rows runs on onnxruntime whatever the executor (score-kernels.ts).
 */
export async function whisperModelFromExecutor(
  files: WhisperPolicyFiles,
  createExecutor: (dims: ReturnType<typeof parseWhisperDims>) => Promise<WhisperExecutor>,
): Promise<WhisperModel> {
  const config = readModelJson(files.config);
  const dims = parseWhisperDims(config, files.config);
  const defaults = parseGenerationDefaults(
    config,
    files.generationConfig ? readModelJson(files.generationConfig) : null,
  );
  const tokenizer = new WhisperTokenizer(readModelJson(files.tokenizer), readModelJson(files.tokenizerConfig));
  const executor = await createExecutor(dims);
  return new WhisperModel(executor, tokenizer, defaults, new OnnxScoreKernels());
}
