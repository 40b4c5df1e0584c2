/** @whisperx-ts/core: the WhisperX pipeline in TypeScript. */
export * from './errors.js';
export * from './onnx/session.js';
export type * from './transcript.js';
export * from './audio/index.js';
export * from './whisper/index.js';
export { detectSpeech, type VadOptions, type VadMethod as VadModelMethod } from './vad/index.js';
export { mergeChunks, fixedWindows, WindowTimeMap, type SpeechRegion, type SpeechWindow } from './vad/merge-chunks.js';
export { SileroVad, sileroModelPath, type SileroVersion } from './vad/silero.js';
export {
  getSpeechTimestamps,
  type SpeechProbabilities,
  type SpeechTimestampsOptions,
} from './vad/speech-timestamps.js';
export { binarizeScores, pyannoteSpeechWindows } from './vad/pyannote-vad.js';
export * from './align/index.js';
export {
  OUTPUT_FORMATS,
  ALL_FORMATS,
  isOutputFormat,
  formatTranscript,
  writeTranscript,
  resolveWriterOptions,
  writerOptionWarnings,
  escapeMarkdownText,
  ensureDir,
  removeStaleTemps,
  writeFileAtomic,
  type OutputFormat,
  type FormatTranscriptOptions,
  type WriteTranscriptOptions,
  type WriterOptions,
} from './writers/index.js';
export {
  redactSecrets,
  isOffline,
  resolveCacheDir,
  resolveRepoFile,
  snapshotFiles,
  resolveModelDir,
  resolveWhisperFiles,
  whisperModelNames,
  whisperModelEntry,
  WHISPER_MODELS,
  selectOnnxVariant,
  availableVariants,
  type DownloadProgress,
  type HubOptions,
  type ResolveWhisperOptions,
  type WhisperFiles as ResolvedWhisperFiles,
} from './hub/index.js';
export * from './diarize/index.js';
export { pickBackend, createMlxExecutor, type BackendChoice, type MlxExecutorOptions } from './backends/mlx-backend.js';
export * from './pipeline/index.js';
