/**
 * One-line-per-segment writers: txt, tsv and aud (Audacity labels), as WhisperX's WriteTXT,
 * WriteTSV and WriteAudacity. Times go through normalize-times.ts (absent -> previous end,
 * negative -> 0, end >= start); segment order is kept. Line breaks inside a text become spaces
 * in tsv and aud (one row per segment); txt keeps the text as WhisperX does.
 */
import type { TranscriptResult, TranscriptSegment } from '../transcript.js';
import { normalizeSegmentTimes } from './normalize-times.js';
import { pyStrip, toTabFreeLine } from './text.js';
import { pythonFloatRepr, secondsToMillis } from './time-format.js';

const hasSpeaker = (segment: TranscriptSegment): boolean => segment.speaker !== undefined && segment.speaker !== null;

/** txt: each segment's stripped text on its own line, `[SPEAKER]: ` prefixed when known. */
export function formatTxt(result: TranscriptResult): string {
  return result.segments
    .map((segment) => {
      const text = pyStrip(segment.text ?? '');
      return `${hasSpeaker(segment) ? `[${segment.speaker}]: ` : ''}${text}\n`;
    })
    .join('');
}

/** tsv: header `start\tend\ttext`, then integer milliseconds and the text (tabs -> spaces). */
export function formatTsv(result: TranscriptResult): string {
  const spans = normalizeSegmentTimes(result.segments);
  const rows = result.segments.map((segment, i) => {
    const text = toTabFreeLine(pyStrip(segment.text ?? ''));
    return `${secondsToMillis(spans[i]!.start)}\t${secondsToMillis(spans[i]!.end)}\t${text}\n`;
  });
  return `start\tend\ttext\n${rows.join('')}`;
}

/**
 * aud: Audacity label track, `start\tend\tlabel` in seconds as Python prints floats, no
 * header, `[[SPEAKER]]` before the text when known.
 */
export function formatAudacity(result: TranscriptResult): string {
  const spans = normalizeSegmentTimes(result.segments);
  return result.segments
    .map((segment, i) => {
      const speaker = hasSpeaker(segment) ? `[[${toTabFreeLine(String(segment.speaker))}]]` : '';
      const text = toTabFreeLine(pyStrip(segment.text ?? ''));
      return `${pythonFloatRepr(spans[i]!.start)}\t${pythonFloatRepr(spans[i]!.end)}\t${speaker}${text}\n`;
    })
    .join('');
}
