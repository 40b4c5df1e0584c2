/** Hugging Face hub client (cache layout shared with huggingface_hub) and model tables. */
export { redactSecrets } from './redact.js';
export {
  DEFAULT_ENDPOINT,
  isOffline,
  resolveCacheDir,
  resolveEndpoint,
  resolveToken,
  type DownloadProgress,
  type HubEnv,
  type HubOptions,
} from './hub-options.js';
export { findCachedFile, listSnapshotFiles, repoFolderName, validateRepoId } from './cache-layout.js';
export { acquireFileLock, type FileLockOptions, type HeldLock, type LockOwner } from './file-lock.js';
export { ALLOWED_FILE_RE, PICKLE_FILE_RE, resolveRepoFile, snapshotFiles } from './resolve-file.js';
export {
  listRepoFiles,
  looksLikeLocalPath,
  resolveModelDir,
  type RepoListing,
  type ResolveModelDirOptions,
} from './repo-files.js';
export {
  COMPUTE_TYPE_SUFFIXES,
  SUFFIX_COMPUTE_TYPE,
  WHISPER_ALIASES,
  WHISPER_MODELS,
  whisperModelEntry,
  whisperModelNames,
  type ModelTableEntry,
  type WhisperModelEntry,
  type WhisperModelName,
} from './model-table.js';
export { availableVariants, selectOnnxVariant, type OnnxVariantFiles } from './onnx-variant.js';
export {
  resolveWhisperFiles,
  whisperRepoFor,
  WHISPER_CONFIG_FILES,
  type ResolveWhisperOptions,
  type WhisperFiles,
} from './whisper-files.js';
