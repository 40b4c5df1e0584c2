export {
  forcedAlign,
  mergeTokens,
  wordSpans,
  pathProbabilities,
  type EmissionMatrix,
  type ForcedAlignOptions,
  type ForcedAlignResult,
  type TokenSpan,
  type WordSpan,
} from './ctc-forced-align.js';
export {
  WILDCARD,
  getTrellis,
  backtrack,
  mergeRepeats,
  mergeWords,
  wildcardColumn,
  type CharSegment,
  type PathPoint,
  type Trellis,
} from './trellis.js';
export {
  LANGUAGES_WITHOUT_SPACES,
  cleanText,
  isLanguageWithoutSpaces,
  lowerCaseDictionary,
  type CleanedText,
} from './text-clean.js';
export {
  DEFAULT_ABBREVIATIONS,
  sentenceSpans,
  type SentenceSpan,
  type SentenceSplitOptions,
} from './sentence-split.js';
export { interpolateMissing, type InterpolateMethod } from './interpolate.js';
export {
  computeEmissions,
  framesForSamples,
  loadWav2Vec2,
  logSoftmaxRows,
  minimumSamples,
  normalizeWaveform,
  planBatches,
  releaseWav2Vec2,
  type EmissionOptions,
  type ResolveFile,
  type Wav2Vec2LoadOptions,
  type Wav2Vec2Model,
} from './wav2vec2.js';
export {
  alignSegmentOnEmissions,
  round3,
  unalignedSegment,
  type CharRecord,
  type SegmentAlignDetail,
  type SegmentAlignOptions,
  type SegmentAlignResult,
} from './segment-align.js';
export {
  DEFAULT_ALIGN_MODELS,
  WHISPERX_ALIGN_MODELS,
  defaultAlignModel,
  noWeightsError,
  type AlignModelEntry,
} from './model-table.js';
export { ALIGN_MODEL_SOURCES, type AlignModelFormat, type AlignModelSource } from './align-model-sources.js';
export { MMS_ALIGN_MODEL, isMmsName, mmsLicenceNotice } from './mms.js';
export { loadRomanizer, romanizeChar, romanizeText, type Romanizer } from './romanize.js';
export {
  GRAPH_BUILDER_VERSION,
  buildWav2Vec2Graph,
  builtGraphRoot,
  parseWav2Vec2Config,
  wav2vec2OnnxBytes,
  type BuildGraphOptions,
  type BuiltGraph,
  type Wav2Vec2Architecture,
} from './wav2vec2-graph/index.js';
export {
  ALIGN_SAMPLE_RATE,
  align,
  loadAlignModel,
  releaseAlignModel,
  type AlignModel,
  type AlignOptions,
  type AlignResult,
  type LoadAlignModelOptions,
  type ResolveRepoFile,
} from './align.js';
