import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMediaExtension } from "./media-check.js";
import { resolveClipboardMedia } from "./resolve-clipboard-media.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "wx-clip-"));
  await writeFile(join(dir, "My Talk \u2014 Caf\u00e9.m4a"), "x");
  await writeFile(join(dir, "notes.pdf"), "x");
  await writeFile(join(dir, "100% done.mp3"), "x");
  await mkdir(join(dir, "folder.mov"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("resolveClipboardMedia", () => {
  it("finds a copied file by file URL", async () => {
    const url = `file://${encodeURI(join(dir, "My Talk \u2014 Caf\u00e9.m4a"))}`;
    expect(await resolveClipboardMedia({ text: "My Talk", file: url }, "/home/x")).toEqual({
      ok: true,
      path: join(dir, "My Talk \u2014 Caf\u00e9.m4a"),
    });
  });

  it("finds a quoted path with spaces, a percent-encoded one and an NFD-typed one", async () => {
    const target = join(dir, "My Talk \u2014 Caf\u00e9.m4a");
    for (const text of [`"${target}"`, target.replace(/ /g, "%20"), target.normalize("NFD")]) {
      const media = await resolveClipboardMedia({ text }, "/home/x");
      expect(media).toEqual({ ok: true, path: target });
    }
  });

  it("keeps a literal % in a real file name", async () => {
    const target = join(dir, "100% done.mp3");
    expect(await resolveClipboardMedia({ text: target }, "/home/x")).toEqual({ ok: true, path: target });
  });

  it("expands ~ against the home folder", async () => {
    expect(await resolveClipboardMedia({ text: "~/notes.pdf" }, dir)).toMatchObject({
      ok: false,
      failure: { kind: "not-media", title: "Not an audio or video file" },
    });
  });

  it("fails with a reason for each bad clipboard", async () => {
    const cases: Array<[{ text: string; file?: string }, string]> = [
      [{ text: "" }, "empty-clipboard"],
      [{ text: "just some words" }, "not-a-path"],
      [{ text: join(dir, "gone.wav") }, "file-missing"],
      [{ text: join(dir, "folder.mov") }, "not-a-file"],
      [{ text: "notes.pdf", file: `file://${join(dir, "notes.pdf")}` }, "not-media"],
    ];
    for (const [content, kind] of cases) {
      const media = await resolveClipboardMedia(content, "/home/x");
      expect(media.ok).toBe(false);
      if (!media.ok) {
        expect(media.failure.kind).toBe(kind);
        expect(media.failure.message.length).toBeGreaterThan(10);
      }
    }
  });

  it("knows audio and video extensions case-insensitively", () => {
    expect(hasMediaExtension("/a/b.MP4")).toBe(true);
    expect(hasMediaExtension("/a/b.flac")).toBe(true);
    expect(hasMediaExtension("/a/b.txt")).toBe(false);
    expect(hasMediaExtension("/a/mp3")).toBe(false);
  });
});
