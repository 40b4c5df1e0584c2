/**
 * The command's steps with Raycast's toasts: read the clipboard (a failure toast and nothing
 * else when it holds no media file), run the CLI with an animated progress toast whose
 * "Cancel" action stops it, then a success toast and a history entry, or a failure toast.
 */
import { Clipboard, showToast, Toast } from "@raycast/api";
import { homedir } from "node:os";
import { locateCli } from "./cli-locate.js";
import { runWhisperx, type TranscriptionResult } from "./cli-runner.js";
import { describeFailure, TranscriptionError, type Failure } from "./failures.js";
import type { HistoryStore } from "./history-store.js";
import { progressText } from "./progress-text.js";
import { resolveClipboardMedia } from "./resolve-clipboard-media.js";
import type { TranscribeSettings } from "./settings.js";

/** Shows a failure as a toast. */
export async function showFailure(failure: Failure): Promise<void> {
  await showToast({ style: Toast.Style.Failure, title: failure.title, message: failure.message });
}

/** The media file on the clipboard, or undefined after a failure toast that says why. */
export async function readClipboardMedia(home: string = homedir()): Promise<{ path?: string; failure?: Failure }> {
  const content = await Clipboard.read();
  const media = await resolveClipboardMedia(content, home);
  if (media.ok) return { path: media.path };
  await showFailure(media.failure);
  return { failure: media.failure };
}

export interface TranscribeRequest {
  file: string;
  settings: TranscribeSettings;
  /** "whisperx CLI Path" preference; empty searches. */
  cliPath?: string;
  hfToken?: string;
  /** Where finished transcripts are remembered; none skips it. */
  history?: HistoryStore;
  /** Aborting (e.g. the view closing) cancels like the toast's Cancel. */
  signal?: AbortSignal;
  /** Progress for the view (the toast is updated here already). */
  onProgress?: (title: string, message: string) => void;
  /** Home folder for CLI search. Default os.homedir(). */
  home?: string;
  /** Passed to the runner (tests). */
  env?: NodeJS.ProcessEnv;
  tempRoot?: string;
  killGraceMs?: number;
}

export type TranscribeOutcome =
  { status: "done"; result: TranscriptionResult } | { status: "cancelled" } | { status: "failed"; failure: Failure };

export async function transcribeWithToast(request: TranscribeRequest): Promise<TranscribeOutcome> {
  const controller = new AbortController();
  const forward = () => controller.abort();
  if (request.signal?.aborted) controller.abort();
  request.signal?.addEventListener("abort", forward, { once: true });

  const toast = await showToast({
    style: Toast.Style.Animated,
    title: "Starting whisperx\u2026",
    message: request.file,
    primaryAction: { title: "Cancel", onAction: () => controller.abort() },
  });
  try {
    const cli = await locateCli({ preferredPath: request.cliPath, home: request.home ?? homedir(), env: request.env });
    const result = await runWhisperx({
      cli,
      file: request.file,
      settings: request.settings,
      hfToken: request.hfToken,
      signal: controller.signal,
      env: request.env,
      tempRoot: request.tempRoot,
      killGraceMs: request.killGraceMs,
      onProgress: (event) => {
        const { title, message } = progressText(request.file, event);
        toast.title = title;
        toast.message = message;
        request.onProgress?.(title, message);
      },
    });
    await request.history?.add({
      file: result.file,
      markdown: result.markdown,
      formats: result.formats,
      language: result.language,
      duration: result.duration,
      speakers: result.speakers,
      settings: result.settings,
    });
    toast.style = Toast.Style.Success;
    toast.title = "Transcribed";
    toast.message = request.file;
    toast.primaryAction = undefined;
    return { status: "done", result };
  } catch (error) {
    const failure =
      error instanceof TranscriptionError ? error.failure : describeFailure("cli-failed", (error as Error).message);
    toast.style = Toast.Style.Failure;
    toast.title = failure.title;
    toast.message = failure.message;
    toast.primaryAction = undefined;
    return failure.kind === "cancelled" ? { status: "cancelled" } : { status: "failed", failure };
  } finally {
    request.signal?.removeEventListener("abort", forward);
  }
}
