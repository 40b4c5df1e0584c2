/**
 * The CLI's `--progress jsonl` protocol: one JSON object per stderr line. Lines that are not
 * such objects (warnings from libraries, a stack trace) come back as `text` events so the log
 * keeps them.
 */

export type CliStage = 'load' | 'decode' | 'vad' | 'asr' | 'align' | 'diarize' | 'write';

export interface CliProgressEvent {
  type: 'progress';
  stage: CliStage | string;
  /** 0..1 over the whole run. */
  progress: number;
  /** 0..1 within the stage. */
  stageProgress?: number;
  etaSeconds?: number;
  file?: string;
  fileIndex?: number;
  fileCount?: number;
  message?: string;
}

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
  /** Paths written (in the --output_dir given). */
  outputs: string[];
  language?: string;
  duration?: number;
}

export interface CliErrorEvent {
  type: 'error';
  message: string;
  /** WhisperxErrorKind ('usage' | 'input' | 'model' | 'output' | 'network' | ...) or 'internal'. */
  kind: string;
  exitCode: number;
}

export interface CliLogEvent {
  type: 'log';
  message: string;
}

/** A stderr line that is not a jsonl event. */
export interface CliTextEvent {
  type: 'text';
  line: string;
}

export type CliEvent =
  CliProgressEvent | CliSegmentEvent | CliFileDoneEvent | CliErrorEvent | CliLogEvent | CliTextEvent;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parse one stderr line (without its newline). Blank lines give undefined. */
export function parseCliLine(line: string): CliEvent | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  if (trimmed.startsWith('{')) {
    try {
      value = JSON.parse(trimmed);
    } catch {
      value = undefined;
    }
  }
  if (!isObject(value)) return { type: 'text', line: trimmed };
  switch (value.type) {
    case 'progress':
      if (typeof value.stage === 'string' && num(value.progress)) {
        return {
          ...(value as object),
          type: 'progress',
          progress: Math.min(1, Math.max(0, value.progress)),
        } as CliProgressEvent;
      }
      break;
    case 'segment':
      if (typeof value.text === 'string' && num(value.start) && num(value.end))
        return value as unknown as CliSegmentEvent;
      break;
    case 'file-done':
      if (
        typeof value.file === 'string' &&
        Array.isArray(value.outputs) &&
        value.outputs.every((o) => typeof o === 'string')
      ) {
        return value as unknown as CliFileDoneEvent;
      }
      break;
    case 'error':
      if (typeof value.message === 'string') {
        return {
          type: 'error',
          message: value.message,
          kind: typeof value.kind === 'string' ? value.kind : 'internal',
          exitCode: num(value.exitCode) ? value.exitCode : 1,
        };
      }
      break;
    case 'log':
      if (typeof value.message === 'string') return { type: 'log', message: value.message };
      break;
  }
  return { type: 'text', line: trimmed };
}

/**
 * Splits a stream's chunks into lines and parses each: `push` as data arrives (chunks may end
 * mid-line, or mid-character when given bytes), `end` when the stream closes.
 */
export class CliLineParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly onEvent: (event: CliEvent) => void) {}

  push(chunk: string | Uint8Array): void {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      this.emit(line);
      newline = this.buffer.indexOf('\n');
    }
  }

  end(): void {
    this.buffer += this.decoder.decode();
    const rest = this.buffer;
    this.buffer = '';
    this.emit(rest);
  }

  private emit(line: string): void {
    const event = parseCliLine(line);
    if (event) this.onEvent(event);
  }
}

const STAGE_LABELS: Record<string, string> = {
  load: 'Loading model',
  decode: 'Decoding audio',
  vad: 'Finding speech',
  asr: 'Transcribing',
  align: 'Aligning words',
  diarize: 'Labelling speakers',
  write: 'Writing',
};

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  return s >= 60 ? `, about ${Math.floor(s / 60)} min ${s % 60} s left` : `, about ${s} s left`;
}

/** The notification line for a progress event: "jfk.wav (1/2): Transcribing 42%, about 10 s left". */
export function progressMessage(event: CliProgressEvent, fileLabel?: string): string {
  const label = STAGE_LABELS[event.stage] ?? event.stage;
  const count = event.fileCount && event.fileCount > 1 ? ` (${(event.fileIndex ?? 0) + 1}/${event.fileCount})` : '';
  const prefix = fileLabel ? `${fileLabel}${count}: ` : count ? `${count.trim()}: ` : '';
  const detail = event.message ? ` (${event.message})` : '';
  return `${prefix}${label} ${Math.round(event.progress * 100)}%${formatEta(event.etaSeconds)}${detail}`;
}

/**
 * VS Code's progress takes increments; this turns absolute fractions (0..1) into increments
 * in percent, never negative, summing to at most 100.
 */
export class ProgressIncrements {
  private reported = 0;

  /** Increment (percent) that brings the bar to `fraction`; 0 when it is already there. */
  next(fraction: number): number {
    const target = Math.min(100, Math.max(0, fraction * 100));
    const increment = Math.max(0, target - this.reported);
    this.reported += increment;
    return increment;
  }
}
