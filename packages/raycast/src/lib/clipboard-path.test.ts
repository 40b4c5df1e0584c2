import { describe, expect, it } from "vitest";
import { candidatePaths, parseClipboard } from "./clipboard-path.js";

const HOME = "/Users/ana";

describe("parseClipboard", () => {
  it("reports an empty clipboard", () => {
    expect(parseClipboard({ text: "" }, HOME)).toEqual({ kind: "empty" });
    expect(parseClipboard({ text: "   \n " }, HOME)).toEqual({ kind: "empty" });
    expect(parseClipboard({}, HOME)).toEqual({ kind: "empty" });
  });

  it("prefers a copied file (file URL) over its name in text", () => {
    const parsed = parseClipboard({ text: "My Talk.m4a", file: "file:///Users/ana/My%20Talk.m4a" }, HOME);
    expect(parsed).toEqual({ kind: "paths", candidates: ["/Users/ana/My Talk.m4a"] });
  });

  it("accepts a copied file given as a plain path", () => {
    const parsed = parseClipboard({ text: "a.wav", file: "/Volumes/Data/a.wav" }, HOME);
    expect(parsed).toEqual({ kind: "paths", candidates: ["/Volumes/Data/a.wav"] });
  });

  it("expands ~ and keeps spaces", () => {
    const parsed = parseClipboard({ text: "~/Movies/Team call 2024.mov" }, HOME);
    expect(parsed.kind === "paths" && parsed.candidates[0]).toBe("/Users/ana/Movies/Team call 2024.mov");
  });

  it("strips straight and curly quotes and surrounding whitespace", () => {
    for (const text of ['  "/a/b c.mp3"\n', "'/a/b c.mp3'", "\u201c/a/b c.mp3\u201d", "\u2018/a/b c.mp3\u2019"]) {
      const parsed = parseClipboard({ text }, HOME);
      expect(parsed.kind === "paths" && parsed.candidates[0]).toBe("/a/b c.mp3");
    }
  });

  it("unescapes a shell-escaped path as a second candidate", () => {
    const parsed = parseClipboard({ text: "/a/My\\ Talk\\ \\(final\\).m4a" }, HOME);
    expect(parsed.kind === "paths" && parsed.candidates).toContain("/a/My Talk (final).m4a");
  });

  it("decodes file:// URLs (percent-encoding, unicode, localhost host)", () => {
    expect(candidatePaths("file:///Users/ana/Caf%C3%A9%20%E2%80%94%20notes.mp3", HOME)[0]).toBe(
      "/Users/ana/Café — notes.mp3",
    );
    expect(candidatePaths("file://localhost/tmp/a%23b.wav", HOME)[0]).toBe("/tmp/a#b.wav");
  });

  it("offers a percent-decoded candidate after the literal path", () => {
    const candidates = candidatePaths("/Users/ana/My%20Talk.m4a", HOME);
    expect(candidates[0]).toBe("/Users/ana/My%20Talk.m4a");
    expect(candidates).toContain("/Users/ana/My Talk.m4a");
  });

  it("offers NFC and NFD forms of unicode names", () => {
    const nfc = "/a/Caf\u00e9.mp3";
    const nfd = "/a/Cafe\u0301.mp3";
    const candidates = candidatePaths(nfd, HOME);
    expect(candidates[0]).toBe(nfd);
    expect(candidates).toContain(nfc);
  });

  it("rejects text that is not a path", () => {
    expect(parseClipboard({ text: "hello world" }, HOME)).toEqual({ kind: "not-a-path", text: "hello world" });
    expect(parseClipboard({ text: "relative/file.mp3" }, HOME).kind).toBe("not-a-path");
    expect(parseClipboard({ text: "https://example.com/a.mp3" }, HOME).kind).toBe("not-a-path");
    expect(parseClipboard({ text: "/a/one.mp3\n/a/two.mp3" }, HOME).kind).toBe("not-a-path");
  });
});
