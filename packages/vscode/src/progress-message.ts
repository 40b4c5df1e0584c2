/**
 * The notification text and bar increments for the CLI's progress events (the events
 * themselves, and their parsing, are the CLI's protocol: @whisperx-ts/cli/protocol).
 */
import type { CliProgressEvent } from '@whisperx-ts/cli/protocol';

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
