/** SRT and WebVTT writers (WhisperX's WriteSRT / WriteVTT) over the shared cue builder. */
import type { TranscriptResult } from '../transcript.js';
import { buildCues } from './subtitle-cues.js';
import { SRT_TIMESTAMP, VTT_TIMESTAMP, formatTimestamp } from './time-format.js';
import type { ResolvedWriterOptions } from './writer-options.js';

/** SRT: numbered cues from 1, `hh:mm:ss,mmm` (hours always), a blank line after each cue. */
export function formatSrt(result: TranscriptResult, options: ResolvedWriterOptions): string {
  return buildCues(result, options, (text) => text)
    .map(
      (cue, i) =>
        `${i + 1}\n${formatTimestamp(cue.start, SRT_TIMESTAMP)} --> ${formatTimestamp(cue.end, SRT_TIMESTAMP)}\n${cue.text}\n\n`,
    )
    .join('');
}

/**
 * WebVTT cue text escaping: `&` and `<` become entities (the two characters WebVTT cue text
 * may not hold raw; WhisperX writes them raw); the writer's own <u> tags are added after.
 */
export function escapeVttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** WebVTT: `WEBVTT` header, `[hh:]mm:ss.mmm` (hours only when non-zero), as WhisperX. */
export function formatVtt(result: TranscriptResult, options: ResolvedWriterOptions): string {
  const cues = buildCues(result, options, escapeVttText).map(
    (cue) =>
      `${formatTimestamp(cue.start, VTT_TIMESTAMP)} --> ${formatTimestamp(cue.end, VTT_TIMESTAMP)}\n${cue.text}\n\n`,
  );
  return `WEBVTT\n\n${cues.join('')}`;
}
