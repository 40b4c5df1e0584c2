/**
 * The CLI's `--progress jsonl` protocol: one JSON object per stderr line. The CLI writes these
 * events (progress-display.ts, main.ts); the editor integrations (VS Code, Raycast) read them
 * back with `parseCliLine` / `CliLineParser`. Lines that are not such objects (a warning from a
 * library, a crash's stack trace) come back as `text` events so callers can keep or quote them.
 *
 * Kept free of heavy imports (no core, no commander, no node-only APIs beyond TextDecoder) so an
 * extension can import `@whisperx-ts/cli/protocol` without pulling in the pipeline.
 */

/** Pipeline stages the CLI reports (the same names as core's StageName). */
export type CliStage = 'load' | 'decode' | 'vad' | 'asr' | 'align' | 'diarize' | 'write';

export interface CliProgressEvent {
  type: 'progress';
  stage: CliStage | string;
  /** 0..1 over the whole run. */
  progress: number;
  /** 0..1 within the stage. */
  stageProgress?: number;
  /** Seconds left, when the CLI has an estimate. */
  etaSeconds?: number;
  /** The file being worked on, when known. */
  file?: string;
  /** 0-based index of that file, and the number of files. */
  fileIndex?: number;
  fileCount?: number;
  /** A short human message (e.g. "downloading encoder_model.onnx"). */
  message?: string;
}

/** One transcribed segment, as soon as it is decoded. */
export interface CliSegmentEvent {
  type: 'segment';
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface CliFileDoneEvent {
  type: 'file-done';
  file: string;
  /** Paths the CLI wrote (in the --output_dir given). */
  outputs: string[];
  /** Language of the transcript ('' when a reader found none). */
  language: string;
  /** Seconds of audio (0 when a reader found none). */
  duration: number;
}

export interface CliErrorEvent {
  type: 'error';
  message: string;
  /** WhisperxErrorKind ('usage' | 'input' | 'model' | 'output' | 'network' | ...) or 'internal'. */
  kind: string;
  exitCode: number;
}

/**
 * The whole batch (`--batch`, `--resume`), after each file: counts, audio done and an estimate.
 * `failed` is set on the event for a file that failed (the batch goes on).
 */
export interface CliBatchEvent {
  type: 'batch';
  filesDone: number;
  filesFailed: number;
  /** Files already up to date (--resume). */
  filesSkipped: number;
  filesTotal: number;
  /** Seconds of audio transcribed so far, and in all (files whose length is known). */
  audioSecondsDone: number;
  audioSecondsTotal: number;
  etaSeconds?: number;
  failed?: { file: string; message: string };
}

export interface CliLogEvent {
  type: 'log';
  message: string;
}

/** What the CLI writes, one JSON object per line. */
export type CliJsonEvent =
  CliProgressEvent | CliSegmentEvent | CliFileDoneEvent | CliErrorEvent | CliBatchEvent | CliLogEvent;

/** A stderr line that is not a jsonl event (without its line ending). */
export interface CliTextEvent {
  type: 'text';
  line: string;
}

/** What a reader gets back for each non-blank line. */
export type CliEvent = CliJsonEvent | CliTextEvent;

/** The line the CLI writes for an event (with its newline). */
export function formatCliEvent(event: CliJsonEvent): string {
  return `${JSON.stringify(event)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function toProgress(o: Record<string, unknown>): CliProgressEvent | undefined {
  if (!isStr(o.stage) || !isNum(o.progress)) return undefined;
  const event: CliProgressEvent = { type: 'progress', stage: o.stage, progress: Math.min(1, Math.max(0, o.progress)) };
  if (isNum(o.stageProgress)) event.stageProgress = o.stageProgress;
  if (isNum(o.etaSeconds)) event.etaSeconds = o.etaSeconds;
  if (isStr(o.file)) event.file = o.file;
  if (isNum(o.fileIndex)) event.fileIndex = o.fileIndex;
  if (isNum(o.fileCount)) event.fileCount = o.fileCount;
  if (isStr(o.message)) event.message = o.message;
  return event;
}

function toBatch(o: Record<string, unknown>): CliBatchEvent | undefined {
  const counts = ['filesDone', 'filesFailed', 'filesSkipped', 'filesTotal', 'audioSecondsDone', 'audioSecondsTotal'];
  if (!counts.every((k) => isNum(o[k]))) return undefined;
  const n = (k: string) => o[k] as number;
  const event: CliBatchEvent = {
    type: 'batch',
    filesDone: n('filesDone'),
    filesFailed: n('filesFailed'),
    filesSkipped: n('filesSkipped'),
    filesTotal: n('filesTotal'),
    audioSecondsDone: n('audioSecondsDone'),
    audioSecondsTotal: n('audioSecondsTotal'),
  };
  if (isNum(o.etaSeconds)) event.etaSeconds = o.etaSeconds;
  const failed = o.failed;
  if (isObject(failed) && isStr(failed.file) && isStr(failed.message)) {
    event.failed = { file: failed.file, message: failed.message };
  }
  return event;
}

/** The event an object stands for, or undefined when its type is unknown or a field is missing. */
function toEvent(o: Record<string, unknown>): CliJsonEvent | undefined {
  switch (o.type) {
    case 'progress':
      return toProgress(o);
    case 'segment':
      if (!isStr(o.text) || !isNum(o.start) || !isNum(o.end)) return undefined;
      return { type: 'segment', file: isStr(o.file) ? o.file : '', start: o.start, end: o.end, text: o.text };
    case 'file-done':
      if (!isStr(o.file) || !Array.isArray(o.outputs) || !o.outputs.every(isStr)) return undefined;
      return {
        type: 'file-done',
        file: o.file,
        outputs: o.outputs,
        language: isStr(o.language) ? o.language : '',
        duration: isNum(o.duration) ? o.duration : 0,
      };
    case 'error':
      if (!isStr(o.message)) return undefined;
      return {
        type: 'error',
        message: o.message,
        kind: isStr(o.kind) ? o.kind : 'internal',
        exitCode: isNum(o.exitCode) ? o.exitCode : 1,
      };
    case 'batch':
      return toBatch(o);
    case 'log':
      return isStr(o.message) ? { type: 'log', message: o.message } : undefined;
    default:
      return undefined;
  }
}

/**
 * Parses one stderr line (without its newline). Blank lines give undefined; a line that is not
 * a well-formed event (not JSON, an unknown type, a missing field) gives a `text` event.
 * Progress is clamped into 0..1; an error event without kind/exitCode gets 'internal'/1.
 */
export function parseCliLine(line: string): CliEvent | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      value = undefined; // not JSON: text below
    }
    const event = isObject(value) ? toEvent(value) : undefined;
    if (event) return event;
  }
  return { type: 'text', line: trimmed };
}

/**
 * Splits a stream's chunks into lines: `push` as data arrives (chunks may end mid-line, or
 * mid-character when given bytes: decoded as UTF-8 across chunks), `end` when the stream closes
 * (flushes a last line without a newline). Line endings (\n or \r\n) are dropped; empty lines
 * are skipped.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string | Uint8Array): void {
    this.rest += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let newline = this.rest.indexOf('\n');
    while (newline >= 0) {
      const line = this.rest.slice(0, newline).replace(/\r$/, '');
      this.rest = this.rest.slice(newline + 1);
      if (line.length > 0) this.onLine(line);
      newline = this.rest.indexOf('\n');
    }
  }

  end(): void {
    this.rest += this.decoder.decode();
    const line = this.rest.replace(/\r$/, '');
    this.rest = '';
    if (line.length > 0) this.onLine(line);
  }
}

/** A LineSplitter that parses each line with parseCliLine (blank lines give no event). */
export class CliLineParser {
  private readonly splitter: LineSplitter;

  constructor(onEvent: (event: CliEvent) => void) {
    this.splitter = new LineSplitter((line) => {
      const event = parseCliLine(line);
      if (event) onEvent(event);
    });
  }

  push(chunk: string | Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
  }
}
