/**
 * The whisperx CLI's `--progress jsonl` protocol: one JSON object per stderr line. Lines that
 * are not such objects (a crash's stack trace, a warning from node) are returned as text so
 * the runner can quote them when the CLI fails without an error event.
 */

/** Pipeline stages the CLI reports. */
export type CliStage = "load" | "decode" | "vad" | "asr" | "align" | "diarize";

export interface CliProgressEvent {
  type: "progress";
  stage: CliStage | string;
  /** 0..1 over the whole run. */
  progress: number;
  /** Seconds left, when the CLI has an estimate. */
  etaSeconds?: number;
  /** A short human message (e.g. "downloading encoder_model.onnx"). */
  message?: string;
}

export interface CliFileDoneEvent {
  type: "file-done";
  file: string;
  /** Paths the CLI wrote. */
  outputs: string[];
  language: string;
  /** Seconds of audio. */
  duration: number;
}

export interface CliErrorEvent {
  type: "error";
  message: string;
  /** The CLI's error kind (input, model, usage, ...). */
  kind: string;
  exitCode: number;
}

export interface CliLogEvent {
  type: "log";
  message: string;
}

export interface CliSegmentEvent {
  type: "segment";
  file: string;
  start: number;
  end: number;
  text: string;
}

export type CliEvent = CliProgressEvent | CliFileDoneEvent | CliErrorEvent | CliLogEvent | CliSegmentEvent;

/** A parsed stderr line: an event, or plain text. */
export type CliLine = { event: CliEvent } | { text: string };

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === "string";

function toEvent(o: Record<string, unknown>): CliEvent | undefined {
  switch (o.type) {
    case "progress":
      if (!isStr(o.stage) || !isNum(o.progress)) return undefined;
      return {
        type: "progress",
        stage: o.stage,
        progress: Math.min(1, Math.max(0, o.progress)),
        etaSeconds: isNum(o.etaSeconds) ? o.etaSeconds : undefined,
        message: isStr(o.message) ? o.message : undefined,
      };
    case "file-done":
      if (!isStr(o.file) || !Array.isArray(o.outputs)) return undefined;
      return {
        type: "file-done",
        file: o.file,
        outputs: o.outputs.filter(isStr),
        language: isStr(o.language) ? o.language : "",
        duration: isNum(o.duration) ? o.duration : 0,
      };
    case "error":
      if (!isStr(o.message)) return undefined;
      return {
        type: "error",
        message: o.message,
        kind: isStr(o.kind) ? o.kind : "internal",
        exitCode: isNum(o.exitCode) ? o.exitCode : 1,
      };
    case "log":
      return isStr(o.message) ? { type: "log", message: o.message } : undefined;
    case "segment":
      if (!isStr(o.text) || !isNum(o.start) || !isNum(o.end)) return undefined;
      return { type: "segment", file: isStr(o.file) ? o.file : "", start: o.start, end: o.end, text: o.text };
    default:
      return undefined;
  }
}

/** Parses one stderr line (without its newline). */
export function parseCliLine(line: string): CliLine {
  const trimmed = line.trim();
  if (trimmed.startsWith("{")) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value && typeof value === "object" && !Array.isArray(value)) {
        const event = toEvent(value as Record<string, unknown>);
        if (event) return { event };
      }
    } catch {
      // not JSON: plain text below
    }
  }
  return { text: line };
}

/** Splits a byte stream into lines across chunk boundaries (UTF-8 safe). */
export class LineSplitter {
  private readonly decoder = new TextDecoder("utf-8");
  private rest = "";

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array | string): void {
    this.rest += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    let nl = this.rest.indexOf("\n");
    while (nl >= 0) {
      const line = this.rest.slice(0, nl).replace(/\r$/, "");
      this.rest = this.rest.slice(nl + 1);
      if (line.length > 0) this.onLine(line);
      nl = this.rest.indexOf("\n");
    }
  }

  /** Flushes a last line without a newline. */
  end(): void {
    this.rest += this.decoder.decode();
    const line = this.rest.replace(/\r$/, "");
    this.rest = "";
    if (line.length > 0) this.onLine(line);
  }
}
