/**
 * Speaker diarization: pyannote speaker-diarization-3.1 behaviour on ONNX Runtime
 * (segmentation-3.0 + WeSpeaker ResNet34 embeddings + centroid agglomerative clustering),
 * WhisperX-style word speaker assignment, and an md-eval compatible DER scorer.
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
} from './pipeline.js';
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
