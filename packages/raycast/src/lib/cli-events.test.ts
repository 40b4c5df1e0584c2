import { describe, expect, it } from "vitest";
import { LineSplitter, parseCliLine } from "./cli-events.js";

describe("parseCliLine", () => {
  it("parses each event type", () => {
    expect(parseCliLine('{"type":"progress","stage":"asr","progress":0.42,"etaSeconds":12}')).toEqual({
      event: { type: "progress", stage: "asr", progress: 0.42, etaSeconds: 12, message: undefined },
    });
    expect(
      parseCliLine('{"type":"file-done","file":"/a.wav","outputs":["/o/a.md",3],"language":"en","duration":2.5}'),
    ).toEqual({ event: { type: "file-done", file: "/a.wav", outputs: ["/o/a.md"], language: "en", duration: 2.5 } });
    expect(parseCliLine('{"type":"error","message":"bad","kind":"model","exitCode":1}')).toEqual({
      event: { type: "error", message: "bad", kind: "model", exitCode: 1 },
    });
    expect(parseCliLine('{"type":"log","message":"hi"}')).toEqual({ event: { type: "log", message: "hi" } });
  });

  it("clamps progress and returns malformed or unknown lines as text", () => {
    expect(parseCliLine('{"type":"progress","stage":"vad","progress":1.7}')).toMatchObject({
      event: { progress: 1 },
    });
    for (const line of ["Error: boom", '{"type":"progress"}', '{"type":"other"}', "{not json", "[1,2]"]) {
      expect(parseCliLine(line)).toEqual({ text: line });
    }
  });
});

describe("LineSplitter", () => {
  it("reassembles lines split across chunks, including a split UTF-8 character", () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('{"type":"log","message":"caf\u00e9"}\r\nsecond\n\nthird');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two-byte é
    s.push(bytes.subarray(0, cut));
    s.push(bytes.subarray(cut));
    expect(lines).toEqual(['{"type":"log","message":"caf\u00e9"}', "second"]);
    s.end();
    expect(lines.at(-1)).toBe("third");
  });
});
