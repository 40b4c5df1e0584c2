/** Public API of core/whisper: loading, the one decoding policy, tokenizer and the ONNX backend. */
export type { WhisperDims, EncodedBatch, DecodeSession, WhisperExecutor } from './executor.js';
export {
  loadWhisper,
  whisperFilesFromFolder,
  whisperModelFromExecutor,
  type WhisperPolicyFiles,
} from './load-whisper.js';
export type { WhisperFiles, LoadWhisperOptions, WhisperComputeType } from './load-whisper.js';
export { WhisperModel, N_FRAMES, WINDOW_SECONDS } from './whisper-model.js';
export { DEFAULT_TEMPERATURES } from './decoding-options.js';
export type { GenerateOptions, WindowResult, WindowSegment } from './decoding-options.js';
export type { LanguageDetection } from './language-detection.js';
export { detectLanguages } from './language-detection.js';
export { WhisperTokenizer, TIME_PRECISION, formatTimestamp, timestampSeconds } from './tokenizer.js';
export type { WhisperSpecialIds, DecodeOptions } from './tokenizer.js';
export { LANGUAGES, toLanguageCode, languageName } from './languages.js';
export { OnnxWhisperExecutor } from './onnx-executor.js';
export type { OnnxWhisperModelFiles } from './onnx-executor.js';
export { parseWhisperDims, parseGenerationDefaults } from './model-config.js';
export type { WhisperGenerationDefaults } from './model-config.js';
export { compressionRatio, parseSegments } from './window-result.js';
export { buildPrompt, type DecoderPrompt } from './prompt.js';
