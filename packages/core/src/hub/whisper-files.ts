/**
 * resolveWhisperFiles: a Whisper model name (`tiny` ... `large-v3-turbo`), a Hugging Face repo id,
 * or a local folder in the transformers.js/onnx-community layout -> absolute paths of the ONNX
 * graphs of one compute type and the JSON configs. Only ONNX/JSON/text files are fetched; a folder
 * holding only pickle checkpoints is refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { listFilesRecursive, listSnapshotFiles, repoCacheDir, snapshotDir } from './cache-layout.js';
import { isOffline, resolveCacheDir, type HubOptions } from './hub-options.js';
import { whisperModelEntry, whisperModelNames } from './model-table.js';
import { selectOnnxVariant, type OnnxVariantFiles } from './onnx-variant.js';
import { listRepoFiles, localModelDir, looksLikeLocalPath } from './repo-files.js';
import { PICKLE_FILE_RE, snapshotFiles } from './resolve-file.js';

export interface ResolveWhisperOptions extends HubOptions {
  /** Which ONNX export to use (float32, float16, int8, q8, uint8, q4, q4f16, bnb4, ...). Default 'float32'. */
  computeType?: string;
}

/** Absolute paths of everything the Whisper ONNX backend loads. */
export interface WhisperFiles {
  /** The model folder (a local folder, or the cache snapshot folder). */
  dir: string;
  /** Repo id when the files came from the hub cache. */
  repo?: string;
  /** Compute type and suffix actually selected. */
  computeType: string;
  suffix: string;
  encoder: string;
  decoderMerged?: string;
  decoder?: string;
  decoderWithPast?: string;
  config: string;
  generationConfig: string;
  preprocessorConfig: string;
  tokenizer: string;
  tokenizerConfig: string;
}

/** JSON files every Whisper export carries at its root. */
export const WHISPER_CONFIG_FILES = {
  config: 'config.json',
  generationConfig: 'generation_config.json',
  preprocessorConfig: 'preprocessor_config.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
} as const;

/** Repo-relative files the variant needs: graphs, their external data, configs. */
function neededFiles(variant: OnnxVariantFiles): string[] {
  const graphs = [variant.encoder, variant.decoderMerged, variant.decoder, variant.decoderWithPast].filter(
    (g): g is string => !!g,
  );
  return [...graphs, ...variant.externalData, ...Object.values(WHISPER_CONFIG_FILES)];
}

function assemble(dir: string, variant: OnnxVariantFiles, repo?: string): WhisperFiles {
  const abs = (rel: string | undefined): string | undefined => (rel ? path.join(dir, ...rel.split('/')) : undefined);
  return {
    dir,
    repo,
    computeType: variant.computeType,
    suffix: variant.suffix,
    encoder: abs(variant.encoder)!,
    decoderMerged: abs(variant.decoderMerged),
    decoder: abs(variant.decoder),
    decoderWithPast: abs(variant.decoderWithPast),
    config: path.join(dir, WHISPER_CONFIG_FILES.config),
    generationConfig: path.join(dir, WHISPER_CONFIG_FILES.generationConfig),
    preprocessorConfig: path.join(dir, WHISPER_CONFIG_FILES.preprocessorConfig),
    tokenizer: path.join(dir, WHISPER_CONFIG_FILES.tokenizer),
    tokenizerConfig: path.join(dir, WHISPER_CONFIG_FILES.tokenizerConfig),
  };
}

function fromLocalFolder(input: string, computeType: string): WhisperFiles {
  const dir = localModelDir(input);
  const files = listFilesRecursive(dir, 2);
  if (!files.some((f) => f.endsWith('.onnx'))) {
    const pickles = files.filter((f) => PICKLE_FILE_RE.test(f));
    if (pickles.length > 0) {
      throw new WhisperxError(
        'model',
        `--model ${input}: holds only pickle checkpoints (${pickles.slice(0, 3).join(', ')}), which are never loaded because they can run code: use an ONNX export (e.g. onnx-community/whisper-*) or export one with optimum-cli.`,
      );
    }
    const hint = files.some((f) => f.endsWith('.safetensors'))
      ? ' (it has safetensors weights: those need --backend mlx)'
      : '';
    throw new WhisperxError(
      'model',
      `--model ${input}: no ONNX Whisper graphs (onnx/encoder_model*.onnx) in this folder${hint}.`,
    );
  }
  const variant = selectOnnxVariant(files, computeType, input);
  const present = new Set(files);
  const missing = neededFiles(variant).filter((f) => !present.has(f));
  if (missing.length > 0) {
    throw new WhisperxError(
      'model',
      `--model ${input}: missing ${missing.join(', ')} for a Whisper model (transformers.js layout expected).`,
    );
  }
  return assemble(dir, variant);
}

/** The repo for a name: the table, or a repo id given directly. */
export function whisperRepoFor(name: string): { repo: string; revision?: string } {
  const entry = whisperModelEntry(name);
  if (entry) return { repo: entry.repo, revision: entry.revision };
  if (name.includes('/')) return { repo: name };
  throw new WhisperxError(
    'usage',
    `--model ${name}: unknown Whisper model. Use one of ${whisperModelNames().join(', ')}, a Hugging Face repo id (org/name) with ONNX files, or a local folder.`,
  );
}

/** Cache-only fast path: the snapshot already holds every file of the variant (no request). */
function fromCachedSnapshot(
  repo: string,
  options: ResolveWhisperOptions,
  computeType: string,
): WhisperFiles | undefined {
  const cacheDir = resolveCacheDir(options);
  const cached = listSnapshotFiles(cacheDir, repo, options.revision ?? 'main');
  if (!cached) return undefined;
  let variant: OnnxVariantFiles;
  try {
    variant = selectOnnxVariant(cached.files, computeType, repo);
  } catch {
    return undefined;
  }
  const present = new Set(cached.files);
  if (!neededFiles(variant).every((f) => present.has(f))) return undefined;
  return assemble(snapshotDir(repoCacheDir(cacheDir, repo), cached.commit), variant, repo);
}

/**
 * Resolve a Whisper model to local files. Names and repo ids go through the Hugging Face cache
 * (downloading what is missing unless offline); local folders are used in place.
 */
export async function resolveWhisperFiles(
  nameOrPath: string,
  options: ResolveWhisperOptions = {},
): Promise<WhisperFiles> {
  const computeType = options.computeType ?? 'float32';
  if (looksLikeLocalPath(nameOrPath)) return fromLocalFolder(nameOrPath, computeType);
  const { repo, revision } = whisperRepoFor(nameOrPath);
  const hubOptions: ResolveWhisperOptions = { ...options, revision: options.revision ?? revision };
  if (!hubOptions.checkForUpdates || isOffline(hubOptions)) {
    const hit = fromCachedSnapshot(repo, hubOptions, computeType);
    if (hit) return hit;
  }
  const listing = await listRepoFiles(repo, hubOptions);
  const variant = selectOnnxVariant(
    listing.files,
    computeType,
    listing.source === 'cache' ? `${repo} (cached files only, offline)` : repo,
  );
  const local = await snapshotFiles(repo, neededFiles(variant), hubOptions);
  const encoderPath = local.get(variant.encoder)!;
  const relDepth = variant.encoder.split('/').length;
  let dir = encoderPath;
  for (let i = 0; i < relDepth; i++) dir = path.dirname(dir);
  if (!existsSync(dir)) throw new WhisperxError('model', `${repo}: snapshot folder ${dir} vanished while resolving.`);
  return assemble(dir, variant, repo);
}
