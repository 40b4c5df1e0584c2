/**
 * Speaker diarization: pyannote.audio 4 behaviour on ONNX Runtime (segmentation + WeSpeaker
 * ResNet34 embeddings + VBx/PLDA clustering for speaker-diarization-community-1, centroid
 * agglomerative clustering for speaker-diarization-3.1), WhisperX-style word speaker assignment,
 * and an md-eval compatible DER scorer.
 *
 * Hub note: `loadDiarizationPipeline` accepts local files/folders; repo ids go through the
 * `resolveFile` option, to be wired to core/hub's resolver by the caller (lead).
 */
export {
  loadDiarizationPipeline,
  DEFAULT_DIARIZATION_MODEL,
  DEFAULT_EMBEDDING_REPO,
  DEFAULT_SEGMENTATION_REPO,
  type DiarizationPipeline,
  type DiarizationPipelineOptions,
  type DiarizationProgress,
  type DiarizationResult,
  type DiarizeOptions,
  type ResolveFileRequest,
  clusterAndLabel,
  type ClusteringStageOptions,
} from './pipeline.js';
export {
  resolvePipelineSource,
  COMMUNITY_1,
  DIARIZATION_3_1,
  COMMUNITY_1_CONFIG,
  DIARIZATION_3_1_CONFIG,
  type PipelineSource,
  type ModelRef,
} from './pipeline-source.js';
export { parsePipelineConfig, readPipelineConfig, type PipelineConfig } from './pipeline-config.js';
export { parseNpy, parseNpz, readNpz, type NumericArray } from './npz-reader.js';
export { createPlda, loadPldaFolder, readPldaFiles, type Plda, type PldaParameters } from './plda.js';
export { clusterVbx, type VbxOptions, type VbxResult } from './vbx.js';
export {
  vbxCluster,
  DEFAULT_VBX_CLUSTERING,
  type VbxClusteringOptions,
  type VbxClusterResult,
} from './vbx-clustering.js';
export { speakerTurns, type SpeakerTurnsResult } from './speaker-turns.js';
export { speakerCount, SEGMENTATION_FRAMES, type ChunkSegmentation } from './segmentation.js';
export { linearSumAssignment } from './lsap.js';
export { kmeansFitPredict } from './kmeans.js';
export { assignWordSpeakers, TurnIndex, type AssignSpeakersOptions, type SpeakerTurn } from './assign-speakers.js';
export {
  agglomerativeCluster,
  clusterChunkEmbeddings,
  resolveSpeakerBounds,
  DEFAULT_CLUSTERING,
  type ChunkEmbeddings,
  type ClusterAssignment,
  type ClusteringOptions,
  type SpeakerBounds,
  type SpeakerCountOptions,
} from './clustering.js';
export {
  linkage,
  linkageGram,
  linkageFromDistances,
  linkageFromSquare,
  fclusterDistance,
  matrixFromRows,
  type LinkageMethod,
} from './linkage.js';
export {
  pdistEuclidean,
  pdistEuclideanGram,
  squareDistancesGram,
  squareFromCondensed,
  gramModelPath,
  type GramDistanceOptions,
  type Matrix,
} from './distances.js';
export {
  diarizationErrorRate,
  parseRttm,
  formatRttm,
  hungarian,
  type DerOptions,
  type DerResult,
  type RttmSegment,
} from './der.js';
export { main as derMain, type DerCliIo } from './der-cli.js';
export { FbankExtractor, subtractFrameMean, type FbankOptions } from './fbank.js';
