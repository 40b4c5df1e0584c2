import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliProgressEvent } from "@whisperx-ts/cli/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runWhisperx } from "./cli-runner.js";
import { TranscriptionError } from "./failures.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { fakeCli, isAlive, waitFor } from "./test-helpers.js";

let work: string;
let tempRoot: string;
let media: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "wx-runner-"));
  tempRoot = join(work, "tmp");
  await (await import("node:fs/promises")).mkdir(tempRoot);
  // a name a shell would mangle: spaces, quotes, $(...), ;, unicode
  media = join(work, `it's a "talk" $(touch pwned); caf\u00e9.wav`);
  await writeFile(media, "RIFF");
});
afterEach(() => rm(work, { recursive: true, force: true }));

const env = (extra: Record<string, string>) => ({ ...process.env, ...extra });

async function failureOf(promise: Promise<unknown>): Promise<TranscriptionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TranscriptionError);
    return error as TranscriptionError;
  }
  throw new Error("expected a failure");
}

describe("runWhisperx with the fake CLI", () => {
  it("passes an argument array, the token in HF_TOKEN, and returns every format", async () => {
    const record = join(work, "record.json");
    const progress: CliProgressEvent[] = [];
    const logs: string[] = [];
    const result = await runWhisperx({
      cli: fakeCli(),
      file: media,
      settings: { model: "small", backend: "onnx", language: "de", align: false, diarize: true },
      hfToken: "hf_secret",
      tempRoot,
      env: env({ FAKE_WHISPERX_RECORD: record, HF_TOKEN: "hf_from_parent" }),
      onProgress: (e) => progress.push(e),
      onLog: (l) => logs.push(l),
    });

    const { argv, hfToken } = JSON.parse(await readFile(record, "utf8"));
    expect(argv[0]).toBe(media);
    expect(argv.slice(1, 3)).toEqual(["--model", "small"]);
    expect(argv).toContain("--no_align");
    expect(argv).toContain("--diarize");
    expect(argv[argv.indexOf("--language") + 1]).toBe("de");
    expect(argv[argv.indexOf("--backend") + 1]).toBe("onnx");
    expect(argv[argv.indexOf("--output_format") + 1]).toBe("all");
    expect(argv[argv.indexOf("--progress") + 1]).toBe("jsonl");
    expect(argv.join(" ")).not.toContain("hf_secret");
    expect(hfToken).toBe("hf_secret");
    expect(existsSync(join(process.cwd(), "pwned"))).toBe(false);

    expect(progress.map((p) => p.stage)).toEqual(["load", "decode", "vad", "asr", "align", "diarize", "diarize"]);
    expect(progress.at(-1)?.progress).toBe(1);
    expect(logs).toContain("a log line");
    expect(logs.some((l) => l.includes("ExperimentalWarning"))).toBe(true);

    expect(result.markdown).toContain("caf\u00e9.wav");
    expect(result.formats.srt).toContain("00:00:00,000 --> 00:00:01,500");
    expect(result.formats.vtt.startsWith("WEBVTT")).toBe(true);
    expect(result.formats.txt).toContain("Hello there.");
    expect(result.language).toBe("de");
    expect(result.duration).toBe(3);
    expect(result.speakers).toEqual(["SPEAKER_00", "SPEAKER_01"]);
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it("keeps no token in the child's environment when none is set", async () => {
    const record = join(work, "record.json");
    await runWhisperx({
      cli: fakeCli(),
      file: media,
      settings: DEFAULT_SETTINGS,
      tempRoot,
      env: env({ FAKE_WHISPERX_RECORD: record, HF_TOKEN: "hf_from_parent" }),
    });
    const { argv, hfToken } = JSON.parse(await readFile(record, "utf8"));
    expect(hfToken).toBeNull();
    expect(argv).not.toContain("--no_align");
    expect(argv).not.toContain("--language");
  });

  it("cancel kills the CLI and what it started, and removes the temp folder", async () => {
    const pidFile = join(work, "pid.json");
    const controller = new AbortController();
    const run = runWhisperx({
      cli: fakeCli(),
      file: media,
      settings: DEFAULT_SETTINGS,
      tempRoot,
      signal: controller.signal,
      env: env({ FAKE_WHISPERX_MODE: "hang", FAKE_WHISPERX_PIDFILE: pidFile }),
    });
    await waitFor(() => existsSync(pidFile));
    const { pid, grandchild } = JSON.parse(await readFile(pidFile, "utf8"));
    expect(isAlive(pid)).toBe(true);
    expect((await readdir(tempRoot)).length).toBe(1);
    controller.abort();
    const error = await failureOf(run);
    expect(error.failure.kind).toBe("cancelled");
    expect(isAlive(pid)).toBe(false);
    await waitFor(() => !isAlive(grandchild));
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it("escalates to SIGKILL when the CLI ignores SIGTERM", async () => {
    const pidFile = join(work, "pid.json");
    const controller = new AbortController();
    const run = runWhisperx({
      cli: fakeCli(),
      file: media,
      settings: DEFAULT_SETTINGS,
      tempRoot,
      signal: controller.signal,
      killGraceMs: 300,
      env: env({ FAKE_WHISPERX_MODE: "stubborn", FAKE_WHISPERX_PIDFILE: pidFile }),
    });
    await waitFor(() => existsSync(pidFile));
    const { pid } = JSON.parse(await readFile(pidFile, "utf8"));
    const started = Date.now();
    controller.abort();
    expect((await failureOf(run)).failure.kind).toBe("cancelled");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(isAlive(pid)).toBe(false);
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it("does not start when already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(
      runWhisperx({ cli: fakeCli(), file: media, settings: DEFAULT_SETTINGS, tempRoot, signal: controller.signal }),
    );
    expect(error.failure.kind).toBe("cancelled");
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it("maps each CLI failure to a failure kind and cleans up", async () => {
    const cases: Array<[string, string, string, number]> = [
      ["error", "cli-failed", "could not decode audio", 1],
      ["usage", "cli-usage", "unknown model", 2],
      ["crash", "cli-failed", "TypeError", 1],
      ["no-md", "cli-output", "no Markdown", 0],
    ];
    for (const [mode, kind, text, exitCode] of cases) {
      const error = await failureOf(
        runWhisperx({
          cli: fakeCli(),
          file: media,
          settings: DEFAULT_SETTINGS,
          tempRoot,
          env: env({ FAKE_WHISPERX_MODE: mode }),
        }),
      );
      expect(error.failure.kind, mode).toBe(kind);
      expect(error.failure.message, mode).toContain(text);
      if (exitCode) expect(error.exitCode, mode).toBe(exitCode);
      expect(await readdir(tempRoot), mode).toEqual([]);
    }
  });

  it("reports a CLI that cannot be started", async () => {
    const cli = { ...fakeCli(), executable: join(work, "no-such-node"), args: [] };
    const error = await failureOf(runWhisperx({ cli, file: media, settings: DEFAULT_SETTINGS, tempRoot }));
    expect(error.failure.kind).toBe("cli-missing");
    expect(error.failure.message).toContain("no-such-node");
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it("reports a CLI killed from outside as interrupted", async () => {
    const pidFile = join(work, "pid.json");
    const run = runWhisperx({
      cli: fakeCli(),
      file: media,
      settings: DEFAULT_SETTINGS,
      tempRoot,
      env: env({ FAKE_WHISPERX_MODE: "hang", FAKE_WHISPERX_PIDFILE: pidFile }),
    });
    await waitFor(() => existsSync(pidFile));
    const { pid, grandchild } = JSON.parse(await readFile(pidFile, "utf8"));
    process.kill(pid, "SIGTERM");
    const error = await failureOf(run);
    expect(error.failure.kind).toBe("cli-interrupted");
    process.kill(grandchild, "SIGKILL");
  });
});
