/**
 * Speaker diarization (WhisperX `--diarize`, pyannote speaker-diarization-3.1 behaviour) on ONNX
 * Runtime: segmentation -> speaker count -> embeddings -> clustering -> global turns.
 *
 * Model files: `modelName` names the segmentation model and `embeddingModel` the speaker
 * embedding model, each a local .onnx file, a local folder holding one, or a Hugging Face repo id.
 * Repo ids are resolved through the `resolveFile` hook (the hub resolver of core/hub is wired
 * in by the caller; this module does not download anything itself).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AudioInput } from '../audio/sample-source.js';
import { throwIfAborted, WhisperxError } from '../errors.js';
import { createSession, releaseSession, type OnnxDevice, type OrtSession } from '../onnx/session.js';
import type { SpeakerTurn } from './assign-speakers.js';
import {
  clusterChunkEmbeddings,
  resolveSpeakerBounds,
  type ClusteringOptions,
  type SpeakerCountOptions,
} from './clustering.js';
import { embedChunks, probeMinNumSamples } from './embedding.js';
import { FbankExtractor } from './fbank.js';
import { binarizeToTurns, clusterActivity, discreteDiarization, labelTurns } from './reconstruct.js';
import { segmentChunks, speakerCount } from './segmentation.js';

/** WhisperX's default diarization model name; maps to the ONNX defaults below. */
export const DEFAULT_DIARIZATION_MODEL = 'pyannote/speaker-diarization-3.1';
/** Verified ONNX export of pyannote/segmentation-3.0 (file onnx/model.onnx). */
export const DEFAULT_SEGMENTATION_REPO = 'onnx-community/pyannote-segmentation-3.0';
/** Verified ONNX export of WeSpeaker ResNet34-LM used by pyannote 3.x (file speaker-embedding.onnx). */
export const DEFAULT_EMBEDDING_REPO = 'hbredin/wespeaker-voxceleb-resnet34-LM';

/** Where a segmentation-3.0 ONNX file sits in a repo or folder, in order of preference. */
export const SEGMENTATION_FILES = ['onnx/model.onnx', 'model.onnx', 'segmentation.onnx'];
const EMBEDDING_FILES = ['speaker-embedding.onnx', 'voxceleb_resnet34_LM.onnx', 'onnx/model.onnx', 'model.onnx'];

/** Request passed to `resolveFile` for a repo id. */
export interface ResolveFileRequest {
  repo: string;
  /** Candidate file names in the repo, in order of preference. */
  files: string[];
  cacheDir?: string;
  localFilesOnly?: boolean;
  hfToken?: string;
}

export interface DiarizationPipelineOptions {
  /** Segmentation model: .onnx file, folder, or repo id. Default 'pyannote/speaker-diarization-3.1' (-> onnx-community/pyannote-segmentation-3.0). */
  modelName?: string;
  /** Embedding model: .onnx file, folder, or repo id. Default hbredin/wespeaker-voxceleb-resnet34-LM. */
  embeddingModel?: string;
  /** Hugging Face cache folder, passed to resolveFile. Default: resolver's default. */
  cacheDir?: string;
  /** Never download, passed to resolveFile. Default false. */
  localFilesOnly?: boolean;
  /** Hugging Face token, passed to resolveFile. Default none. */
  hfToken?: string;
  /** Execution device. Default 'cpu'. */
  device?: OnnxDevice;
  /** Turns a repo id into a local file path (core/hub's resolver). Without it, only local paths work. */
  resolveFile?: (request: ResolveFileRequest) => Promise<string>;
  /** Clustering hyper-parameters. Default pyannote 3.1's. */
  clustering?: ClusteringOptions;
  /** Windows per segmentation run and items per embedding run. Default 32. */
  batchSize?: number;
}

/** Progress of one diarize() call. */
export interface DiarizationProgress {
  stage: 'segmentation' | 'embeddings' | 'clustering';
  done: number;
  total: number;
}

export interface DiarizeOptions extends SpeakerCountOptions {
  /** Also return one embedding per speaker (cluster centroid). Default false. */
  returnEmbeddings?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: DiarizationProgress) => void;
}

export interface DiarizationResult {
  /** Speaker turns sorted by start, labels SPEAKER_00, SPEAKER_01, ... */
  turns: SpeakerTurn[];
  /** Speaker label -> centroid embedding (only with returnEmbeddings). */
  embeddings?: Record<string, number[]>;
}

export interface DiarizationPipeline {
  /** Diarize 16 kHz mono audio; a source is read by range (never held whole) and is not closed. */
  diarize(audio: AudioInput, options?: DiarizeOptions): Promise<DiarizationResult>;
  /** Free the ONNX sessions. */
  release(): Promise<void>;
}

/**
 * Local path of a model given as a .onnx file, a folder holding one of `files`, or a repo id
 * (through `options.resolveFile`). `role` and `option` name the model and its option in errors.
 */
export async function resolveModel(
  name: string,
  files: string[],
  role: string,
  option: string,
  options: Pick<DiarizationPipelineOptions, 'resolveFile' | 'cacheDir' | 'localFilesOnly' | 'hfToken'>,
): Promise<string> {
  if (existsSync(name)) {
    if (statSync(name).isFile()) return name;
    for (const f of files) {
      const p = path.join(name, f);
      if (existsSync(p)) return p;
    }
    throw new WhisperxError(
      'model',
      `${name}: no ${role} ONNX file in this folder (looked for ${files.join(', ')}). Pass the .onnx file itself with ${option}.`,
    );
  }
  if (!options.resolveFile) {
    throw new WhisperxError(
      'model',
      `${option} ${name}: not a local file or folder, and no hub resolver was given. Download the ${role} ONNX model and pass its path.`,
    );
  }
  return options.resolveFile({
    repo: name,
    files,
    cacheDir: options.cacheDir,
    localFilesOnly: options.localFilesOnly,
    hfToken: options.hfToken,
  });
}

/** Open the segmentation and embedding models. */
export async function loadDiarizationPipeline(options: DiarizationPipelineOptions = {}): Promise<DiarizationPipeline> {
  const modelName =
    !options.modelName || options.modelName === DEFAULT_DIARIZATION_MODEL
      ? DEFAULT_SEGMENTATION_REPO
      : options.modelName;
  const segPath = await resolveModel(modelName, SEGMENTATION_FILES, 'segmentation', '--diarize_model', options);
  const embPath = await resolveModel(
    options.embeddingModel ?? DEFAULT_EMBEDDING_REPO,
    EMBEDDING_FILES,
    'speaker embedding',
    'embeddingModel',
    options,
  );
  let segmentation: OrtSession | undefined;
  let embedding: OrtSession | undefined;
  try {
    segmentation = await createSession(segPath, { device: options.device });
    embedding = await createSession(embPath, { device: options.device });
  } catch (error) {
    await releaseSession(segmentation);
    throw error;
  }
  const fbank = new FbankExtractor();
  const minNumSamples = await probeMinNumSamples(embedding, fbank);
  const seg = segmentation;
  const emb = embedding;
  return {
    diarize: (audio, diarizeOptions = {}) =>
      runDiarization(seg, emb, fbank, minNumSamples, audio, diarizeOptions, options),
    release: async () => {
      await releaseSession(seg);
      await releaseSession(emb);
    },
  };
}

async function runDiarization(
  segSession: OrtSession,
  embSession: OrtSession,
  fbank: FbankExtractor,
  minNumSamples: number,
  audio: AudioInput,
  options: DiarizeOptions,
  pipelineOptions: DiarizationPipelineOptions,
): Promise<DiarizationResult> {
  const bounds = resolveSpeakerBounds(options);
  const progress = options.onProgress;
  const seg = await segmentChunks(segSession, audio, {
    batchSize: pipelineOptions.batchSize,
    signal: options.signal,
    onProgress: (done, total) => progress?.({ stage: 'segmentation', done, total }),
  });
  const count = speakerCount(seg);
  if (seg.chunks === 0 || count.data.every((v) => v === 0)) {
    return options.returnEmbeddings ? { turns: [], embeddings: {} } : { turns: [] };
  }
  const embeddings = await embedChunks(embSession, audio, seg, fbank, {
    minNumSamples,
    batchSize: pipelineOptions.batchSize,
    signal: options.signal,
    onProgress: (done, total) => progress?.({ stage: 'embeddings', done, total }),
  });
  throwIfAborted(options.signal);

  const active = new Uint8Array(seg.chunks * seg.speakers);
  for (let c = 0; c < seg.chunks; c++) {
    for (let f = 0; f < seg.frames; f++) {
      for (let s = 0; s < seg.speakers; s++)
        if (seg.data[(c * seg.frames + f) * seg.speakers + s]) active[c * seg.speakers + s] = 1;
    }
  }
  progress?.({ stage: 'clustering', done: 0, total: 1 });
  const { hardClusters, centroids } = await clusterChunkEmbeddings(
    embeddings,
    active,
    options,
    pipelineOptions.clustering,
  );
  const numClusters = Math.max(0, ...hardClusters) + 1;
  const capped = { data: count.data.map((v) => Math.min(v, bounds.max)), frames: count.frames };
  const activity = clusterActivity(seg, hardClusters, numClusters);
  const binary = discreteDiarization(activity, seg, numClusters, capped);
  const { turns, clusterOfLabel } = labelTurns(binarizeToTurns(binary));
  progress?.({ stage: 'clustering', done: 1, total: 1 });
  if (!options.returnEmbeddings) return { turns };
  const dim = embeddings.dim;
  const speakerEmbeddings: Record<string, number[]> = {};
  for (const [label, k] of clusterOfLabel) {
    speakerEmbeddings[label] = k < centroids.length ? Array.from(centroids[k]) : new Array<number>(dim).fill(0);
  }
  return { turns, embeddings: speakerEmbeddings };
}
