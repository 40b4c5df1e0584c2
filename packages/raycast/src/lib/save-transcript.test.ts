import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveNextToMedia, targetPathFor } from "./save-transcript.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "wx-save-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("saveNextToMedia", () => {
  it("names the file after the media", () => {
    expect(targetPathFor("/a/My Talk.final.mov", "srt")).toBe("/a/My Talk.final.srt");
  });

  it("writes a new file without asking", async () => {
    const asked: string[] = [];
    const media = join(dir, "talk.m4a");
    const out = await saveNextToMedia({
      mediaPath: media,
      format: "vtt",
      content: "WEBVTT\n",
      confirmOverwrite: async (p) => (asked.push(p), true),
    });
    expect(out).toEqual({ saved: true, path: join(dir, "talk.vtt") });
    expect(asked).toEqual([]);
    expect(await readFile(join(dir, "talk.vtt"), "utf8")).toBe("WEBVTT\n");
    expect((await readdir(dir)).sort()).toEqual(["talk.vtt"]);
  });

  it("asks before replacing and keeps the file when declined", async () => {
    const target = join(dir, "talk.md");
    await writeFile(target, "old");
    const declined = await saveNextToMedia({
      mediaPath: join(dir, "talk.m4a"),
      format: "md",
      content: "new",
      confirmOverwrite: async () => false,
    });
    expect(declined).toEqual({ saved: false, path: target });
    expect(await readFile(target, "utf8")).toBe("old");

    const asked: string[] = [];
    const accepted = await saveNextToMedia({
      mediaPath: join(dir, "talk.m4a"),
      format: "md",
      content: "new",
      confirmOverwrite: async (p) => (asked.push(p), true),
    });
    expect(asked).toEqual([target]);
    expect(accepted.saved).toBe(true);
    expect(await readFile(target, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["talk.md"]);
  });

  it("fails, leaving no temp file, when the folder is missing", async () => {
    await expect(
      saveNextToMedia({
        mediaPath: join(dir, "gone", "a.wav"),
        format: "txt",
        content: "x",
        confirmOverwrite: async () => true,
      }),
    ).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
