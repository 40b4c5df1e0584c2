// The extension's plain modules (no React), for tests and reuse. Raycast's entry points are
// transcribe-clipboard-file.tsx and transcription-history.tsx.
export { parseClipboard, candidatePaths } from "./lib/clipboard-path.js";
export type { ClipboardContent, ClipboardParse } from "./lib/clipboard-path.js";
export { resolveClipboardMedia } from "./lib/resolve-clipboard-media.js";
export type { ClipboardMedia } from "./lib/resolve-clipboard-media.js";
export { checkMediaFile, hasMediaExtension, MEDIA_EXTENSIONS } from "./lib/media-check.js";
export { locateCli, commonBinDirs } from "./lib/cli-locate.js";
export type { CliCommand, LocateOptions } from "./lib/cli-locate.js";
export { runWhisperx } from "./lib/cli-runner.js";
export type { RunOptions, TranscriptionResult } from "./lib/cli-runner.js";
export { describeFailure, TranscriptionError } from "./lib/failures.js";
export type { Failure, FailureKind } from "./lib/failures.js";
export { createHistoryStore, filterHistory } from "./lib/history-store.js";
export type { HistoryEntry, HistoryStore, KeyValueStorage } from "./lib/history-store.js";
export { saveNextToMedia, targetPathFor } from "./lib/save-transcript.js";
export {
  buildCliArgs,
  settingsFromPreferences,
  saveFormatFromPreferences,
  normalizeLanguage,
  DEFAULT_SETTINGS,
} from "./lib/settings.js";
export type { TranscribeSettings, ExtensionPreferences, SaveFormat, Backend } from "./lib/settings.js";
export { readClipboardMedia, transcribeWithToast } from "./lib/transcribe-flow.js";
export type { TranscribeRequest, TranscribeOutcome } from "./lib/transcribe-flow.js";
