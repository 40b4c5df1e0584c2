/** whisperx-vscode: the extension's testable modules (the entry point is extension.ts). */
export { activate, deactivate, CLI_ENTRY } from './extension.js';
export { transcribeCommand, type TranscribeDeps, type TranscribeOutcome, type Log } from './transcribe-command.js';
export {
  readSettings,
  settingsProblems,
  DEFAULT_SETTINGS,
  type WhisperxSettings,
  type OpenAfter,
  type SubtitleFormat,
} from './settings.js';
export {
  MEDIA_EXTENSIONS,
  MEDIA_GLOB,
  MEDIA_EXCLUDE,
  isMediaPath,
  mediaPickItems,
  pickMediaFiles,
  invokedMediaUris,
} from './media-files.js';
export { expandNamePattern, outputFolderFor, outputPathFor, keepBothPath, type OutputKind } from './output-naming.js';
export { progressMessage, ProgressIncrements } from './progress-message.js';
export { runCli, type RunCliOptions, type CliRunResult, type SpawnFunction } from './run-cli.js';
export { buildCliArgs, childEnv, type CliOutputFormat, type CliRunRequest } from './cli-args.js';
export {
  HF_TOKEN_SECRET,
  readHfToken,
  validateHfToken,
  promptAndStoreHfToken,
  clearHfToken,
  redactToken,
} from './hf-token.js';
export { placeOutput, exists, type PlaceMode } from './place-output.js';
export { decideConflict, askAboutExisting, type ConflictChoice } from './conflicts.js';
export { planOutputs, splitIntoRuns, outputKinds, type PlannedMedia, type TranscriptionKind } from './plan-outputs.js';
export { describeFailure, OPEN_SETTINGS, SHOW_LOG, SET_TOKEN, type FailureReport } from './failure-message.js';
