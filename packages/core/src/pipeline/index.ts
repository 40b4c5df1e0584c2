export type {
  AlignStageOptions,
  AsrOptions,
  Backend,
  ComputeType,
  DiarizeStageOptions,
  PipelineOptions,
  VadMethod,
  VadStageOptions,
} from './options.js';
export {
  ProgressTracker,
  STAGE_WEIGHTS,
  type ProgressCallback,
  type ProgressEvent,
  type StageName,
} from './progress.js';
export { StreamingRun } from './run-handle.js';
export { loadModel, type AsrPipeline, type LoadModelOptions, type PipelineTranscribeOptions } from './load-model.js';
export {
  detectLanguageOnWindows,
  transcribeWindows,
  type DetectedLanguage,
  type TranscribeOptions,
} from './asr-pipeline.js';
export { transcribeFile, transcribeFiles, type FileResult, type TranscribeFilesCallbacks } from './transcribe-files.js';
