/**
 * Built graphs are cached beside the Hugging Face hub cache, in
 * `<hub cache>/../whisperx-ts/wav2vec2-onnx/<key>/{model.onnx, model.onnx_data, source.json}`,
 * keyed by the builder version, the config.json bytes and the safetensors file's identity (its
 * real path — in the hub cache the blob named by its sha256 — size and modification time), so a
 * checkpoint is converted once and a changed file is converted again. A build lands atomically:
 * it is written into a temporary folder and renamed into place.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WhisperxError } from '../../errors.js';
import { readModelJson } from '../../model-json.js';
import { parseWav2Vec2Config } from './config.js';
import { emitWav2Vec2Graph } from './graph.js';
import { OnnxWriter } from '../../onnx/onnx-writer.js';
import { openSafetensors } from './safetensors.js';
import { CheckpointWeights } from './weights.js';

/** Bump when the emitted graph changes, so older cached builds are not reused. */
export const GRAPH_BUILDER_VERSION = 1;

export interface BuildGraphOptions {
  /** The Hugging Face hub cache folder; built graphs go to `<its parent>/whisperx-ts/wav2vec2-onnx`. */
  hubCacheDir: string;
  /** Where the checkpoint came from (repo id and revision, or a folder), recorded in source.json. */
  source?: string;
  /** One-line notices (a build starting). Default: none. */
  log?: (line: string) => void;
}

export interface BuiltGraph {
  /** The ONNX model file (its weights in model.onnx_data beside it). */
  onnxPath: string;
  /** True when this call built it (false: found in the cache). */
  built: boolean;
}

/** The folder holding built graphs for a hub cache. */
export function builtGraphRoot(hubCacheDir: string): string {
  return path.join(path.dirname(path.resolve(hubCacheDir)), 'whisperx-ts', 'wav2vec2-onnx');
}

function cacheKey(configBytes: Buffer, safetensorsPath: string): string {
  const real = realpathSync(safetensorsPath);
  const st = statSync(real);
  return createHash('sha256')
    .update(`v${GRAPH_BUILDER_VERSION}\0${real}\0${st.size}\0${st.mtimeMs}\0`)
    .update(configBytes)
    .digest('hex')
    .slice(0, 32);
}

/**
 * The ONNX model of a checkpoint as one self-contained file (weights inside; under 2 GB only), e.g.
 * to publish an export or to serve one in tests. Not cached.
 */
export async function wav2vec2OnnxBytes(configPath: string, safetensorsPath: string): Promise<Uint8Array> {
  const arch = parseWav2Vec2Config(readModelJson(configPath), configPath);
  const writer = await OnnxWriter.create({});
  const file = openSafetensors(safetensorsPath);
  try {
    emitWav2Vec2Graph(writer, new CheckpointWeights(file), arch);
    return writer.finish('wav2vec2_ctc', `Wav2Vec2ForCTC built by whisperx-ts from ${safetensorsPath}`);
  } finally {
    file.close();
  }
}

/** Build (or find) the ONNX graph of a Wav2Vec2ForCTC checkpoint. */
export async function buildWav2Vec2Graph(
  configPath: string,
  safetensorsPath: string,
  options: BuildGraphOptions,
): Promise<BuiltGraph> {
  const configBytes = readFileSync(configPath);
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new WhisperxError('model', `${configPath}: not a JSON file; download the model again.`);
  }
  const arch = parseWav2Vec2Config(config, configPath);
  const root = builtGraphRoot(options.hubCacheDir);
  const dir = path.join(root, cacheKey(configBytes, safetensorsPath));
  const onnxPath = path.join(dir, 'model.onnx');
  if (existsSync(onnxPath)) return { onnxPath, built: false };

  options.log?.(`building the ONNX graph of ${options.source ?? safetensorsPath} once into ${dir}`);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await fsp.mkdir(tmp, { recursive: true });
  } catch (cause) {
    throw new WhisperxError(
      'output',
      `${root}: cannot create the folder for built alignment graphs (${(cause as Error).message}); set HF_HOME or --model_dir to a writable folder.`,
      { cause },
    );
  }
  let writer: OnnxWriter | undefined;
  let file: ReturnType<typeof openSafetensors> | undefined;
  try {
    file = openSafetensors(safetensorsPath);
    writer = await OnnxWriter.create({ dataPath: path.join(tmp, 'model.onnx_data'), dataLocation: 'model.onnx_data' });
    emitWav2Vec2Graph(writer, new CheckpointWeights(file), arch);
    const bytes = writer.finish(
      'wav2vec2_ctc',
      `Wav2Vec2ForCTC built by whisperx-ts from ${options.source ?? safetensorsPath}`,
    );
    writeFileSync(path.join(tmp, 'model.onnx'), bytes);
    writeFileSync(
      path.join(tmp, 'source.json'),
      JSON.stringify(
        { builder: GRAPH_BUILDER_VERSION, source: options.source, safetensors: realpathSync(safetensorsPath) },
        null,
        1,
      ),
    );
  } catch (error) {
    writer?.abort();
    await fsp.rm(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    file?.close();
  }
  try {
    await fsp.rename(tmp, dir);
  } catch (error) {
    // another process landed the same build first: use it
    await fsp.rm(tmp, { recursive: true, force: true });
    if (!existsSync(onnxPath)) throw error;
    return { onnxPath, built: false };
  }
  return { onnxPath, built: true };
}
