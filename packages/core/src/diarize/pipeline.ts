/**
 * Speaker diarization (WhisperX `--diarize`) on ONNX Runtime, as pyannote.audio 4's
 * SpeakerDiarization runs it: segmentation -> speaker count -> embeddings -> clustering (VBx with
 * PLDA for speaker-diarization-community-1, agglomerative for speaker-diarization-3.1) -> regular
 * and exclusive speaker turns + one embedding per speaker.
 *
 * Model files: `modelName` is the pipeline (see pipeline-source.ts: community-1, 3.1, a local
 * folder with a config.yaml, or a segmentation model) and `embeddingModel` overrides its speaker
 * embedding model. Repo ids are resolved through the `resolveFile` hook (the hub resolver of
 * core/hub is wired in by the caller; this module does not download anything itself).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
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
import { createPlda, readPldaFiles, type Plda } from './plda.js';
import {
  COMMUNITY_1,
  DEFAULT_EMBEDDING_REPO,
  DEFAULT_SEGMENTATION_REPO,
  resolvePipelineSource,
  type ModelRef,
  type PipelineSource,
} from './pipeline-source.js';
import { segmentChunks, speakerCount, type ChunkSegmentation } from './segmentation.js';
import { speakerTurns } from './speaker-turns.js';
import { vbxCluster, type VbxClusteringOptions } from './vbx-clustering.js';
import type { ChunkEmbeddings } from './clustering.js';

export { DEFAULT_EMBEDDING_REPO, DEFAULT_SEGMENTATION_REPO };
/** WhisperX 3.8's default diarization pipeline (pyannote.audio 4's community-1). */
export const DEFAULT_DIARIZATION_MODEL = COMMUNITY_1;

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
  /** The option that names this model (`--diarize_model`, `--speaker_embedding_model`), for errors. */
  option?: string;
}

export interface DiarizationPipelineOptions {
  /**
   * Pipeline: 'pyannote/speaker-diarization-community-1' (default), 'pyannote/speaker-diarization-3.1',
   * a local folder with a config.yaml, or a segmentation model (.onnx file, folder, repo id; 3.1 clustering).
   */
  modelName?: string;
  /** Embedding model override: .onnx file, folder, or repo id. Default: the pipeline's (hbredin/wespeaker-voxceleb-resnet34-LM). */
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
  /** Agglomerative clustering hyper-parameters (3.1). Default: the pipeline config's. */
  clustering?: ClusteringOptions;
  /** VBx clustering hyper-parameters (community-1). Default: the pipeline config's. */
  vbx?: VbxClusteringOptions;
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
  /** The same speakers one at a time (pyannote 4's exclusive diarization: no overlapping turns). */
  exclusiveTurns: SpeakerTurn[];
  /** Speaker label -> centroid embedding (only with returnEmbeddings). */
  embeddings?: Record<string, number[]>;
}

export interface DiarizationPipeline {
  /** Diarize 16 kHz mono audio; a source is read by range (never held whole) and is not closed. */
  diarize(audio: AudioInput, options?: DiarizeOptions): Promise<DiarizationResult>;
  /** Free the ONNX sessions. */
  release(): Promise<void>;
  /** The resolved pipeline (config values, model references). */
  source: PipelineSource;
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
    option,
  });
}

const SEGMENTATION_MODEL_FILES = SEGMENTATION_FILES;

async function resolveRef(
  ref: ModelRef,
  files: string[],
  role: string,
  option: string,
  options: DiarizationPipelineOptions,
): Promise<string> {
  return resolveModel('local' in ref ? ref.local : ref.repo, files, role, option, options);
}

async function loadPlda(source: PipelineSource, options: DiarizationPipelineOptions): Promise<Plda | undefined> {
  const p = source.plda;
  if (!p) return undefined;
  const fetch = async (ref: ModelRef, file: string) => {
    if ('local' in ref) return ref.local;
    return resolveModel(ref.repo, [file], 'PLDA', '--diarize_model', options);
  };
  const transform = await fetch(p.transform, p.transformFile);
  const plda = await fetch(p.plda, p.pldaFile);
  return createPlda(readPldaFiles(transform, plda), undefined, path.dirname(plda));
}

/** Open the pipeline: its config, PLDA, segmentation and embedding models. */
export async function loadDiarizationPipeline(options: DiarizationPipelineOptions = {}): Promise<DiarizationPipeline> {
  const source = await resolvePipelineSource(options.modelName, async (repo) =>
    readFileSync(await resolveModel(repo, ['config.yaml'], 'pipeline config', '--diarize_model', options), 'utf8'),
  );
  const plda = await loadPlda(source, options);
  const segPath = await resolveRef(
    source.segmentation,
    SEGMENTATION_MODEL_FILES,
    'segmentation',
    '--diarize_model',
    options,
  );
  const embPath = options.embeddingModel
    ? await resolveModel(
        options.embeddingModel,
        EMBEDDING_FILES,
        'speaker embedding',
        '--speaker_embedding_model',
        options,
      )
    : await resolveRef(source.embedding, EMBEDDING_FILES, 'speaker embedding', '--diarize_model', options);
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
  const models: Models = { seg, emb, fbank, minNumSamples, plda, source };
  return {
    source,
    diarize: (audio, diarizeOptions = {}) => runDiarization(models, audio, diarizeOptions, options),
    release: async () => {
      await releaseSession(seg);
      await releaseSession(emb);
    },
  };
}

interface Models {
  seg: OrtSession;
  emb: OrtSession;
  fbank: FbankExtractor;
  minNumSamples: number;
  plda?: Plda;
  source: PipelineSource;
}

/** Clustering and the outputs after it (everything past the neural models). */
export interface ClusteringStageOptions extends SpeakerCountOptions {
  method: 'vbx' | 'ahc';
  /** Required for 'vbx'. */
  plda?: Plda;
  vbx?: VbxClusteringOptions;
  ahc?: ClusteringOptions;
}

/** Cluster embeddings of a binarized segmentation and build the turns and speaker embeddings. */
export async function clusterAndLabel(
  seg: ChunkSegmentation,
  embeddings: ChunkEmbeddings,
  options: ClusteringStageOptions,
): Promise<
  Required<Pick<DiarizationResult, 'turns' | 'exclusiveTurns' | 'embeddings'>> & {
    hardClusters: Int32Array;
    centroids: Float64Array[];
  }
> {
  const bounds = resolveSpeakerBounds(options);
  const count = speakerCount(seg);
  let hardClusters: Int32Array;
  let centroids: Float64Array[];
  if (options.method === 'vbx') {
    if (!options.plda)
      throw new WhisperxError(
        'model',
        'VBx clustering needs the pipeline PLDA (plda/xvec_transform.npz, plda/plda.npz).',
      );
    ({ hardClusters, centroids } = await vbxCluster(embeddings, seg, options.plda, bounds, options.vbx));
  } else {
    const active = new Uint8Array(seg.chunks * seg.speakers);
    for (let c = 0; c < seg.chunks; c++) {
      for (let f = 0; f < seg.frames; f++) {
        for (let s = 0; s < seg.speakers; s++)
          if (seg.data[(c * seg.frames + f) * seg.speakers + s]) active[c * seg.speakers + s] = 1;
      }
    }
    ({ hardClusters, centroids } = await clusterChunkEmbeddings(embeddings, active, options, options.ahc));
  }
  const out = speakerTurns(seg, hardClusters, count, bounds.max, centroids, embeddings.dim);
  return { turns: out.turns, exclusiveTurns: out.exclusiveTurns, embeddings: out.embeddings, hardClusters, centroids };
}

async function runDiarization(
  models: Models,
  audio: AudioInput,
  options: DiarizeOptions,
  pipelineOptions: DiarizationPipelineOptions,
): Promise<DiarizationResult> {
  resolveSpeakerBounds(options);
  const { config } = models.source;
  const progress = options.onProgress;
  const seg = await segmentChunks(models.seg, audio, {
    batchSize: pipelineOptions.batchSize ?? config.segmentationBatchSize,
    stepRatio: config.segmentationStep,
    signal: options.signal,
    onProgress: (done, total) => progress?.({ stage: 'segmentation', done, total }),
  });
  const count = speakerCount(seg);
  if (seg.chunks === 0 || count.data.every((v) => v === 0)) {
    return options.returnEmbeddings
      ? { turns: [], exclusiveTurns: [], embeddings: {} }
      : { turns: [], exclusiveTurns: [] };
  }
  const embeddings = await embedChunks(models.emb, audio, seg, models.fbank, {
    minNumSamples: models.minNumSamples,
    excludeOverlap: config.embeddingExcludeOverlap,
    batchSize: pipelineOptions.batchSize ?? config.embeddingBatchSize,
    signal: options.signal,
    onProgress: (done, total) => progress?.({ stage: 'embeddings', done, total }),
  });
  throwIfAborted(options.signal);
  progress?.({ stage: 'clustering', done: 0, total: 1 });
  const vbx = config.clustering === 'VBxClustering';
  const out = await clusterAndLabel(seg, embeddings, {
    numSpeakers: options.numSpeakers,
    minSpeakers: options.minSpeakers,
    maxSpeakers: options.maxSpeakers,
    method: vbx ? 'vbx' : 'ahc',
    plda: models.plda,
    vbx: { threshold: config.threshold, Fa: config.Fa, Fb: config.Fb, ...pipelineOptions.vbx },
    ahc: { threshold: config.threshold, minClusterSize: config.minClusterSize, ...pipelineOptions.clustering },
  });
  progress?.({ stage: 'clustering', done: 1, total: 1 });
  const result: DiarizationResult = { turns: out.turns, exclusiveTurns: out.exclusiveTurns };
  if (options.returnEmbeddings) result.embeddings = out.embeddings;
  return result;
}
