import { LocalStorage } from "@raycast/api";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockRaycast } from "../__mocks__/raycast-api.js";
import { createHistoryStore } from "./history-store.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { FAKE_CLI, isAlive, waitFor } from "./test-helpers.js";
import { readClipboardMedia, transcribeWithToast } from "./transcribe-flow.js";

let work: string;
let tempRoot: string;
let media: string;

beforeEach(async () => {
  mockRaycast.reset();
  work = await mkdtemp(join(tmpdir(), "wx-flow-"));
  tempRoot = join(work, "tmp");
  await mkdir(tempRoot);
  media = join(work, "Weekly Sync.m4a");
  await writeFile(media, "x");
});
afterEach(() => rm(work, { recursive: true, force: true }));

const request = (mode: string, extra: Record<string, string> = {}) => ({
  file: media,
  settings: DEFAULT_SETTINGS,
  cliPath: FAKE_CLI,
  home: work,
  tempRoot,
  env: { ...process.env, FAKE_WHISPERX_MODE: mode, ...extra },
  history: createHistoryStore(LocalStorage),
});

describe("readClipboardMedia", () => {
  it("returns the copied media file and shows no toast", async () => {
    mockRaycast.clipboard = { text: "Weekly Sync.m4a", file: `file://${encodeURI(media)}` };
    expect(await readClipboardMedia(work)).toEqual({ path: media });
    expect(mockRaycast.toasts).toEqual([]);
  });

  it("shows one failure toast per clipboard problem", async () => {
    await writeFile(join(work, "doc.pdf"), "x");
    const cases: Array<[{ text: string; file?: string }, string]> = [
      [{ text: "" }, "Clipboard is empty"],
      [{ text: "meeting notes" }, "Clipboard holds no file"],
      [{ text: "~/missing.wav" }, "File not found"],
      [{ text: "~" }, "Not a file"],
      [{ text: "~/doc.pdf" }, "Not an audio or video file"],
    ];
    for (const [content, title] of cases) {
      mockRaycast.reset();
      mockRaycast.clipboard = content;
      const out = await readClipboardMedia(work);
      expect(out.path).toBeUndefined();
      expect(mockRaycast.toasts.map((t) => [t.style, t.title])).toEqual([["failure", title]]);
    }
  });
});

describe("transcribeWithToast", () => {
  it("animates the toast with stage and percent, then succeeds and records history", async () => {
    const seen: string[] = [];
    const outcome = await transcribeWithToast({ ...request("ok"), onProgress: (title) => seen.push(title) });
    expect(outcome.status).toBe("done");
    const toast = mockRaycast.toasts[0];
    expect(toast.history.some((h) => h.style === "animated" && h.title === "Transcribing\u2026 60%")).toBe(true);
    expect(seen).toContain("Aligning words\u2026 80%");
    expect(toast.history.find((h) => h.title.startsWith("Detecting speech"))?.message).toContain("Weekly Sync.m4a");
    expect([toast.style, toast.title]).toEqual(["success", "Transcribed"]);
    const history = await createHistoryStore(LocalStorage).list();
    expect(history).toHaveLength(1);
    expect(history[0].file).toBe(media);
    expect(history[0].markdown).toContain("Hello there.");
    expect(history[0].duration).toBe(3);
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it("the toast's Cancel action kills the CLI and removes its temp files", async () => {
    const pidFile = join(work, "pid.json");
    const running = transcribeWithToast(request("hang", { FAKE_WHISPERX_PIDFILE: pidFile }));
    await waitFor(() => existsSync(pidFile));
    const { pid } = JSON.parse(await readFile(pidFile, "utf8"));
    const toast = mockRaycast.toasts[0];
    expect(toast.style).toBe("animated");
    expect(toast.primaryAction?.title).toBe("Cancel");
    toast.primaryAction?.onAction(toast);
    expect(await running).toEqual({ status: "cancelled" });
    expect(isAlive(pid)).toBe(false);
    expect(await readdir(tempRoot)).toEqual([]);
    expect([toast.style, toast.title]).toEqual(["failure", "Transcription cancelled"]);
    expect(await createHistoryStore(LocalStorage).list()).toEqual([]);
  });

  it("closing the view (the caller's signal) cancels too", async () => {
    const pidFile = join(work, "pid.json");
    const controller = new AbortController();
    const running = transcribeWithToast({
      ...request("hang", { FAKE_WHISPERX_PIDFILE: pidFile }),
      signal: controller.signal,
    });
    await waitFor(() => existsSync(pidFile));
    controller.abort();
    expect(await running).toEqual({ status: "cancelled" });
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it("turns each failure into a failure toast and records nothing", async () => {
    const cases: Array<[Partial<ReturnType<typeof request>>, string, string]> = [
      [request("error"), "Transcription failed", "could not decode audio"],
      [request("usage"), "whisperx rejected the settings", "unknown model"],
      [request("crash"), "Transcription failed", "TypeError"],
      [request("no-md"), "Transcript missing", "no Markdown"],
      [{ ...request("ok"), cliPath: join(work, "nowhere", "whisperx") }, "whisperx CLI not found", "preference"],
    ];
    for (const [req, title, text] of cases) {
      mockRaycast.toasts = [];
      const outcome = await transcribeWithToast(req as ReturnType<typeof request>);
      expect(outcome.status).toBe("failed");
      const toast = mockRaycast.toasts[0];
      expect([toast.style, toast.title]).toEqual(["failure", title]);
      expect(toast.message).toContain(text);
      expect(toast.primaryAction).toBeUndefined();
    }
    expect(await createHistoryStore(LocalStorage).list()).toEqual([]);
    expect(await readdir(tempRoot)).toEqual([]);
  });
});
