/**
 * Runs the whisperx CLI on one file, out of process: spawns it with an argument array (never a
 * shell), reads its `--progress jsonl` events from stderr, and returns the transcript in every
 * format. The CLI writes into a fresh temp folder that is always removed before this returns,
 * whether the run succeeded, failed or was cancelled (the child is killed: SIGTERM, then
 * SIGKILL after a grace period).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import {
  CliLineParser,
  type CliErrorEvent,
  type CliFileDoneEvent,
  type CliProgressEvent,
} from "@whisperx-ts/cli/protocol";
import type { CliCommand } from "./cli-locate.js";
import { describeFailure, TranscriptionError } from "./failures.js";
import { buildCliArgs, type SaveFormat, type TranscribeSettings } from "./settings.js";
import { speakersOf } from "./transcript-meta.js";

export interface RunOptions {
  /** How to start the CLI (from locateCli). */
  cli: CliCommand;
  /** The media file. */
  file: string;
  settings: TranscribeSettings;
  /** Hugging Face token, given to the child as HF_TOKEN (never on argv). Default: none. */
  hfToken?: string;
  /** Aborting kills the CLI and rejects with a "cancelled" TranscriptionError. */
  signal?: AbortSignal;
  /** Each progress event, in order. */
  onProgress?: (event: CliProgressEvent) => void;
  /** The CLI's log lines and any non-JSON stderr text. */
  onLog?: (line: string) => void;
  /** Folder in which the temp output folder is made. Default os.tmpdir(). */
  tempRoot?: string;
  /** Environment the child inherits (PATH is replaced by cli.path). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds between SIGTERM and SIGKILL on cancel. Default 3000. */
  killGraceMs?: number;
}

/** A finished transcription, held in memory (the temp folder is gone). */
export interface TranscriptionResult {
  file: string;
  /** Markdown transcript (the CLI's .md output). */
  markdown: string;
  /** Each savable format's text. */
  formats: Record<SaveFormat, string>;
  /** The CLI's WhisperX-shaped JSON transcript, parsed. */
  json: unknown;
  language: string;
  /** Seconds of audio. */
  duration: number;
  /** Speaker labels found in the JSON, in order of first appearance. */
  speakers: string[];
  settings: TranscribeSettings;
}

const TEXT_FORMATS: readonly (SaveFormat | "json")[] = ["md", "srt", "vtt", "txt", "json"];
const MAX_STDERR_TEXT = 20;

/** Picks each format's output: from the file-done event, else the CLI's naming in outputDir. */
function outputPaths(done: CliFileDoneEvent | undefined, file: string, outputDir: string) {
  const stem = basename(file, extname(file));
  const paths: Partial<Record<SaveFormat | "json", string>> = {};
  for (const format of TEXT_FORMATS) {
    paths[format] =
      done?.outputs.find((p) => extname(p).toLowerCase() === `.${format}`) ?? join(outputDir, `${stem}.${format}`);
  }
  return paths as Record<SaveFormat | "json", string>;
}

async function readOutputs(
  done: CliFileDoneEvent | undefined,
  file: string,
  outputDir: string,
  settings: TranscribeSettings,
): Promise<TranscriptionResult> {
  const paths = outputPaths(done, file, outputDir);
  const read = async (format: SaveFormat | "json"): Promise<string | undefined> => {
    try {
      return await readFile(paths[format], "utf8");
    } catch {
      return undefined;
    }
  };
  const [md, srt, vtt, txt, jsonText] = await Promise.all(TEXT_FORMATS.map(read));
  if (md === undefined) {
    throw new TranscriptionError(
      describeFailure(
        "cli-output",
        `whisperx finished but wrote no Markdown transcript for ${basename(file)}. Update the whisperx CLI.`,
      ),
    );
  }
  let json: unknown = undefined;
  try {
    json = jsonText === undefined ? undefined : JSON.parse(jsonText);
  } catch {
    json = undefined;
  }
  const jsonLanguage = (json as { language?: unknown } | undefined)?.language;
  return {
    file,
    markdown: md,
    formats: { md, srt: srt ?? "", vtt: vtt ?? "", txt: txt ?? "" },
    json,
    language: done?.language || (typeof jsonLanguage === "string" ? jsonLanguage : ""),
    duration: done?.duration ?? 0,
    speakers: speakersOf(json),
    settings,
  };
}

/** Runs the CLI once. Rejects with a TranscriptionError for every failure, cancel included. */
export async function runWhisperx(options: RunOptions): Promise<TranscriptionResult> {
  const { file, settings, signal } = options;
  if (signal?.aborted) throw new TranscriptionError(describeFailure("cancelled", file));

  const outputDir = await mkdtemp(join(options.tempRoot ?? tmpdir(), "whisperx-raycast-"));
  try {
    const done = await spawnCli(options, outputDir);
    return await readOutputs(done, file, outputDir, settings);
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
}

function spawnCli(options: RunOptions, outputDir: string): Promise<CliFileDoneEvent | undefined> {
  const { cli, file, settings, signal } = options;
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), PATH: cli.path };
  delete env.HF_TOKEN;
  if (options.hfToken) env.HF_TOKEN = options.hfToken;
  const args = [...cli.args, ...buildCliArgs(file, outputDir, settings)];

  return new Promise((resolve, reject) => {
    // detached: the CLI leads its own process group, so Cancel also stops what it started (ffmpeg).
    const child = spawn(cli.executable, args, {
      env,
      stdio: ["ignore", "ignore", "pipe"],
      shell: false,
      detached: true,
    });
    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        child.kill(sig); // the group is gone or was never made: signal the child alone
      }
    };
    let done: CliFileDoneEvent | undefined;
    let errorEvent: CliErrorEvent | undefined;
    const stderrText: string[] = [];
    let cancelled = false;
    let spawnError: Error | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const parser = new CliLineParser((event) => {
      if (event.type === "text") {
        stderrText.push(event.line);
        if (stderrText.length > MAX_STDERR_TEXT) stderrText.shift();
        options.onLog?.(event.line);
        return;
      }
      if (event.type === "progress") options.onProgress?.(event);
      else if (event.type === "log") options.onLog?.(event.message);
      else if (event.type === "file-done") done = event;
      else if (event.type === "error") errorEvent = event;
    });
    child.stderr?.on("data", (chunk: Buffer) => parser.push(chunk));

    const onAbort = () => {
      if (cancelled) return;
      cancelled = true;
      killGroup("SIGTERM");
      killTimer = setTimeout(() => killGroup("SIGKILL"), options.killGraceMs ?? 3000);
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error) => {
      spawnError = error;
    });
    child.on("close", (code, killSignal) => {
      parser.end();
      signal?.removeEventListener("abort", onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (cancelled) return reject(new TranscriptionError(describeFailure("cancelled", file)));
      if (spawnError) {
        const message = `Could not start ${cli.executable}: ${spawnError.message}. Check the "whisperx CLI Path" preference.`;
        return reject(new TranscriptionError(describeFailure("cli-missing", message), { cause: spawnError }));
      }
      if (code === 0) return resolve(done);
      reject(failureFromExit(code, killSignal, errorEvent, stderrText));
    });
  });
}

function failureFromExit(
  code: number | null,
  killSignal: NodeJS.Signals | null,
  errorEvent: CliErrorEvent | undefined,
  stderrText: string[],
): TranscriptionError {
  const exitCode = code ?? undefined;
  const tail = stderrText
    .filter((l) => l.trim())
    .slice(-3)
    .join(" ");
  if (code === 130 || code === 143 || killSignal) {
    const how = killSignal ? `by ${killSignal}` : `(exit code ${code})`;
    return new TranscriptionError(
      describeFailure("cli-interrupted", `whisperx was stopped ${how} before it finished. Run the command again.`),
      {
        exitCode,
        cliKind: errorEvent?.kind,
      },
    );
  }
  const message =
    errorEvent?.message ??
    (tail || `whisperx exited with code ${code} and no error message. Run it in a terminal to see why.`);
  const kind = code === 2 || errorEvent?.kind === "usage" ? "cli-usage" : "cli-failed";
  return new TranscriptionError(describeFailure(kind, message), { exitCode, cliKind: errorEvent?.kind });
}
