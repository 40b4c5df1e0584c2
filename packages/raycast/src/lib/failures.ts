/**
 * Every way the command can fail, and the words a person sees for it: a toast title that
 * names the problem and a message with the cause and the fix.
 */
import { basename } from "node:path";

export type FailureKind =
  /** Nothing on the clipboard. */
  | "empty-clipboard"
  /** Clipboard text that is not a path or file URL. */
  | "not-a-path"
  /** A path that does not exist. */
  | "file-missing"
  /** A path to a folder or something else that is not a file. */
  | "not-a-file"
  /** A file that is not audio or video. */
  | "not-media"
  /** The whisperx CLI (or node) could not be found or started. */
  | "cli-missing"
  /** The CLI rejected its arguments (exit code 2). */
  | "cli-usage"
  /** The CLI failed while transcribing (exit code 1): bad media, missing model, ... */
  | "cli-failed"
  /** The CLI was stopped from outside (exit 130/143 or a signal) without our Cancel. */
  | "cli-interrupted"
  /** The CLI said it succeeded but its output could not be read. */
  | "cli-output"
  /** The person pressed Cancel. */
  | "cancelled"
  /** Saving the transcript failed. */
  | "save-failed";

/** A failure as shown in a toast. */
export interface Failure {
  kind: FailureKind;
  /** Short toast title. */
  title: string;
  /** One line: cause and fix. */
  message: string;
}

/** An error that carries a Failure; thrown by the runner and the CLI locator. */
export class TranscriptionError extends Error {
  readonly failure: Failure;
  /** The CLI's exit code, when the CLI ran. */
  readonly exitCode?: number;
  /** The CLI's own error kind (from its jsonl error event), when it gave one. */
  readonly cliKind?: string;

  constructor(failure: Failure, details: { exitCode?: number; cliKind?: string; cause?: unknown } = {}) {
    super(failure.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "TranscriptionError";
    this.failure = failure;
    this.exitCode = details.exitCode;
    this.cliKind = details.cliKind;
  }
}

function shorten(text: string, max = 120): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}\u2026` : one;
}

/** Builds the toast text for a failure kind; `subject` is the path, text or CLI message involved. */
export function describeFailure(kind: FailureKind, subject = ""): Failure {
  switch (kind) {
    case "empty-clipboard":
      return {
        kind,
        title: "Clipboard is empty",
        message: "Copy an audio or video file in Finder (or its path), then run the command again.",
      };
    case "not-a-path":
      return {
        kind,
        title: "Clipboard holds no file",
        message: `"${shorten(subject, 60)}" is not a file path. Copy a media file in Finder or its full path.`,
      };
    case "file-missing":
      return { kind, title: "File not found", message: `${subject} does not exist. Copy the file again.` };
    case "not-a-file":
      return { kind, title: "Not a file", message: `${subject} is a folder. Copy an audio or video file instead.` };
    case "not-media":
      return {
        kind,
        title: "Not an audio or video file",
        message: `${basename(subject)} is not a media file (wav, mp3, m4a, flac, mp4, mov, mkv, webm, ...).`,
      };
    case "cli-missing":
      return { kind, title: "whisperx CLI not found", message: subject };
    case "cli-usage":
      return { kind, title: "whisperx rejected the settings", message: shorten(subject, 300) };
    case "cli-failed":
      return { kind, title: "Transcription failed", message: shorten(subject, 300) };
    case "cli-interrupted":
      return { kind, title: "Transcription interrupted", message: shorten(subject, 300) };
    case "cli-output":
      return { kind, title: "Transcript missing", message: shorten(subject, 300) };
    case "cancelled":
      return { kind, title: "Transcription cancelled", message: subject ? basename(subject) : "" };
    case "save-failed":
      return { kind, title: "Could not save transcript", message: shorten(subject, 300) };
  }
}
