/**
 * Progress on stderr: a bar on a terminal, one line per stage change (and every 10%) when
 * not a terminal or with --print_progress, or JSON lines (`--progress jsonl`) that the
 * editor integrations parse: {"type":"progress","stage":...,"progress":0.42,...}.
 */
import type { ProgressEvent } from '@whisperx-ts/core';
import {
  formatCliEvent,
  type CliBatchEvent,
  type CliErrorEvent,
  type CliFileDoneEvent,
  type CliProgressEvent,
  type CliSegmentEvent,
} from './protocol.js';

export type ProgressMode = 'bar' | 'lines' | 'jsonl' | 'none';

/** Structured events besides progress (only the jsonl mode prints them as such). */
export type DisplayEvent = CliSegmentEvent | CliFileDoneEvent | CliErrorEvent | CliBatchEvent;

/** Compiles only while the protocol lists every field of core's ProgressEvent (readers drop unknown fields). */
const _protocolCoversProgress: [Exclude<keyof ProgressEvent, keyof CliProgressEvent>] extends [never] ? true : never =
  true;

/** The jsonl progress event for core's ProgressEvent. */
function progressEvent(e: ProgressEvent): CliProgressEvent {
  return { type: 'progress', ...e };
}

export interface ProgressDisplay {
  update(event: ProgressEvent): void;
  /** A structured event; human modes show a line for some of them. */
  event(event: DisplayEvent): void;
  /** Print a line without breaking the bar. */
  log(line: string): void;
  stop(): void;
}

/** The human line for a batch event (bar and lines modes). */
export function batchLine(e: CliBatchEvent): string {
  const hours = (seconds: number) => {
    const s = Math.round(seconds);
    return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const extra = [e.filesFailed ? `${e.filesFailed} failed` : '', e.filesSkipped ? `${e.filesSkipped} up to date` : '']
    .filter(Boolean)
    .join(', ');
  const counts = `${e.filesDone + e.filesFailed + e.filesSkipped}/${e.filesTotal} files${extra ? ` (${extra})` : ''}`;
  const audio = e.audioSecondsTotal > 0 ? `, ${hours(e.audioSecondsDone)} of ${hours(e.audioSecondsTotal)} audio` : '';
  const head = e.failed ? `✗ ${e.failed.file}: ${e.failed.message}\n` : '';
  return `${head}batch ${counts}${audio}${eta(e.etaSeconds)}`;
}

function eta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  return s >= 60 ? ` eta ${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : ` eta ${s}s`;
}

export function createProgressDisplay(mode: ProgressMode, stream: NodeJS.WritableStream): ProgressDisplay {
  if (mode === 'none') {
    return {
      update: () => undefined,
      event: () => undefined,
      log: (l) => stream.write(`${l}\n`),
      stop: () => undefined,
    };
  }
  if (mode === 'jsonl') {
    return {
      update: (e) => stream.write(formatCliEvent(progressEvent(e))),
      event: (e) => stream.write(formatCliEvent(e)),
      log: (line) => stream.write(formatCliEvent({ type: 'log', message: line })),
      stop: () => undefined,
    };
  }
  if (mode === 'lines') {
    let lastKey = '';
    let lastTenth = -1;
    return {
      update(e) {
        const key = `${e.stage}:${e.fileIndex ?? 0}`;
        const tenth = Math.floor(e.progress * 10);
        if (key === lastKey && tenth === lastTenth) return;
        lastKey = key;
        lastTenth = tenth;
        const file = e.fileCount && e.fileCount > 1 ? ` [${(e.fileIndex ?? 0) + 1}/${e.fileCount}]` : '';
        stream.write(`progress ${(e.progress * 100).toFixed(0)}% ${e.stage}${file}${eta(e.etaSeconds)}\n`);
      },
      event: (e) => {
        if (e.type === 'batch') stream.write(`${batchLine(e)}\n`);
      },
      log: (line) => stream.write(`${line}\n`),
      stop: () => undefined,
    };
  }
  // bar: a single redrawn line (no dependency on cursor control beyond \r).
  let lastDraw = 0;
  let drawn = false;
  const width = 30;
  const draw = (e: ProgressEvent) => {
    const filled = Math.round(e.progress * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const file = e.fileCount && e.fileCount > 1 ? ` ${(e.fileIndex ?? 0) + 1}/${e.fileCount}` : '';
    stream.write(
      `\r${bar} ${(e.progress * 100).toFixed(0).padStart(3)}% ${e.stage.padEnd(8)}${file}${eta(e.etaSeconds)}   `,
    );
    drawn = true;
  };
  return {
    update(e) {
      const now = Date.now();
      if (now - lastDraw < 100 && e.progress < 1) return;
      lastDraw = now;
      draw(e);
    },
    event(e) {
      if (e.type === 'batch') this.log(batchLine(e));
    },
    log(line) {
      if (drawn) stream.write('\r\x1b[2K');
      stream.write(`${line}\n`);
    },
    stop() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
