/**
 * What `--diarize_model` names, resolved to the parts the ONNX pipeline runs:
 *  - `pyannote/speaker-diarization-community-1` (the default, as in WhisperX 3.8): its config.yaml
 *    and plda/*.npz from the hub (gated: needs a token), VBx clustering with the config's values;
 *    segmentation and embedding from the ONNX exports of the model table (the repo itself ships
 *    only PyTorch pickles, which are never loaded);
 *  - `pyannote/speaker-diarization-3.1`: agglomerative clustering with 3.1's values, same ONNX models;
 *  - a local folder with a config.yaml in either layout: `$model/<sub>` references are read from the
 *    folder (ONNX files in `<sub>/`, else the table's ONNX exports), repo ids are mapped to their
 *    ONNX exports;
 *  - anything else (an .onnx file, a folder or repo holding a segmentation ONNX): 3.1 behaviour.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { DEFAULT_CLUSTERING } from './clustering.js';
import { modelSubfolder, parsePipelineConfig, type PipelineConfig } from './pipeline-config.js';

export const COMMUNITY_1 = 'pyannote/speaker-diarization-community-1';
export const DIARIZATION_3_1 = 'pyannote/speaker-diarization-3.1';
/** Verified ONNX export of pyannote/segmentation-3.0 (file onnx/model.onnx). */
export const DEFAULT_SEGMENTATION_REPO = 'onnx-community/pyannote-segmentation-3.0';
/** Verified ONNX export of WeSpeaker ResNet34-LM (file speaker-embedding.onnx). */
export const DEFAULT_EMBEDDING_REPO = 'hbredin/wespeaker-voxceleb-resnet34-LM';

/** PyTorch repo ids of pyannote configs -> their ONNX exports. */
const ONNX_EXPORTS: Record<string, string> = {
  'pyannote/segmentation-3.0': DEFAULT_SEGMENTATION_REPO,
  'pyannote/wespeaker-voxceleb-resnet34-LM': DEFAULT_EMBEDDING_REPO,
};

/** community-1's config.yaml values (pyannote.audio 4 SpeakerDiarization.default_parameters agree). */
export const COMMUNITY_1_CONFIG: PipelineConfig = {
  clustering: 'VBxClustering',
  segmentation: '$model/segmentation',
  embedding: '$model/embedding',
  plda: '$model/plda',
  embeddingExcludeOverlap: true,
  segmentationBatchSize: 32,
  embeddingBatchSize: 32,
  threshold: 0.6,
  Fa: 0.07,
  Fb: 0.8,
  minDurationOff: 0,
};

export const DIARIZATION_3_1_CONFIG: PipelineConfig = {
  clustering: 'AgglomerativeClustering',
  segmentation: 'pyannote/segmentation-3.0',
  embedding: 'pyannote/wespeaker-voxceleb-resnet34-LM',
  embeddingExcludeOverlap: true,
  segmentationBatchSize: 32,
  embeddingBatchSize: 32,
  threshold: DEFAULT_CLUSTERING.threshold,
  minClusterSize: DEFAULT_CLUSTERING.minClusterSize,
  minDurationOff: 0,
};

/** A model given as a local path or a repo id with candidate files. */
export type ModelRef = { local: string } | { repo: string };

export interface PipelineSource {
  /** Display name (the --diarize_model value). */
  name: string;
  config: PipelineConfig;
  segmentation: ModelRef;
  embedding: ModelRef;
  /** PLDA files (VBx): local paths, or repo + file names. */
  plda?: { transform: ModelRef; plda: ModelRef; transformFile: string; pldaFile: string };
}

const SEGMENTATION_CANDIDATES = ['model.onnx', 'onnx/model.onnx', 'segmentation.onnx'];
const EMBEDDING_CANDIDATES = ['speaker-embedding.onnx', 'model.onnx', 'onnx/model.onnx', 'embedding.onnx'];

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function localOnnx(folder: string, candidates: string[]): string | undefined {
  if (!isDir(folder)) return undefined;
  const hit = candidates.find((f) => existsSync(path.join(folder, f)));
  if (hit) return path.join(folder, hit);
  const onnx = readdirSync(folder).filter((f) => f.endsWith('.onnx'));
  return onnx.length === 1 ? path.join(folder, onnx[0]) : undefined;
}

/** The model a config reference points to, for a pipeline rooted at `root` (folder) or `repo`. */
function modelRef(ref: string, role: 'segmentation' | 'embedding', root: { folder?: string; repo?: string }): ModelRef {
  const fallback = role === 'segmentation' ? DEFAULT_SEGMENTATION_REPO : DEFAULT_EMBEDDING_REPO;
  const sub = modelSubfolder(ref);
  if (sub === undefined) return { repo: ONNX_EXPORTS[ref] ?? ref };
  if (root.folder) {
    const found = localOnnx(
      path.join(root.folder, sub),
      role === 'segmentation' ? SEGMENTATION_CANDIDATES : EMBEDDING_CANDIDATES,
    );
    if (found) return { local: found };
  }
  return { repo: fallback };
}

function pldaRef(
  config: PipelineConfig,
  root: { folder?: string; repo?: string },
  where: string,
): PipelineSource['plda'] {
  if (config.clustering !== 'VBxClustering') return undefined;
  const sub = modelSubfolder(config.plda ?? '');
  if (sub === undefined) {
    throw new WhisperxError(
      'model',
      `${where}: pipeline.params.plda must be $model/<subfolder> (found ${config.plda}).`,
    );
  }
  const transformFile = `${sub}/xvec_transform.npz`;
  const pldaFile = `${sub}/plda.npz`;
  if (root.folder) {
    for (const f of [transformFile, pldaFile]) {
      if (!existsSync(path.join(root.folder, f))) {
        throw new WhisperxError(
          'model',
          `${where}: ${f} is missing. Copy the pipeline's plda folder next to its config.yaml.`,
        );
      }
    }
    return {
      transform: { local: path.join(root.folder, transformFile) },
      plda: { local: path.join(root.folder, pldaFile) },
      transformFile,
      pldaFile,
    };
  }
  return { transform: { repo: root.repo! }, plda: { repo: root.repo! }, transformFile, pldaFile };
}

/** Build the source of a pipeline from its config (folder or repo root). */
export function sourceFromConfig(
  name: string,
  config: PipelineConfig,
  root: { folder?: string; repo?: string },
): PipelineSource {
  return {
    name,
    config,
    segmentation: modelRef(config.segmentation, 'segmentation', root),
    embedding: modelRef(config.embedding, 'embedding', root),
    plda: pldaRef(config, root, root.folder ? path.join(root.folder, 'config.yaml') : name),
  };
}

/**
 * Resolve `--diarize_model`. `fetchConfig` downloads a repo's config.yaml (used for community-1 style
 * repos); without it, community-1's known values are used.
 */
export async function resolvePipelineSource(
  name: string | undefined,
  fetchConfig?: (repo: string) => Promise<string>,
): Promise<PipelineSource> {
  const model = name ?? COMMUNITY_1;
  if (model === DIARIZATION_3_1) return sourceFromConfig(model, DIARIZATION_3_1_CONFIG, {});
  if (isDir(model) && existsSync(path.join(model, 'config.yaml'))) {
    const file = path.join(model, 'config.yaml');
    return sourceFromConfig(model, parsePipelineConfig(readFileSync(file, 'utf8'), file), { folder: model });
  }
  if (!existsSync(model) && /(^|\/)speaker-diarization-community-1$/.test(model)) {
    const config = fetchConfig
      ? parsePipelineConfig(await fetchConfig(model), `${model}/config.yaml`)
      : COMMUNITY_1_CONFIG;
    return sourceFromConfig(model, config, { repo: model });
  }
  // A segmentation model itself (file, folder or repo): 3.1 behaviour with it.
  return {
    ...sourceFromConfig(model, DIARIZATION_3_1_CONFIG, {}),
    segmentation: existsSync(model) ? { local: model } : { repo: model },
  };
}
