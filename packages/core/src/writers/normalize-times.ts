/**
 * How writers read messy times (the single definition every writer uses):
 * - a time that is not a finite number (undefined, null, NaN, ±Infinity) is absent;
 * - a negative time is 0, and a time past MAX_TIME_S is MAX_TIME_S (keeps timestamps well-formed);
 * - a segment without a start starts where the previous segment ended (0 for the first);
 *   a segment without an end, or ending before its start, ends at its start;
 * - a word is timed only when it has a start; its end is its end, or its start when the
 *   end is absent or earlier. A word with an end but no start is untimed.
 * Cue-level rules (monotonic starts, minimum length) live in subtitle-cues.ts.
 */
import type { TranscriptSegment, WordTiming } from '../transcript.js';

export interface TimeSpan {
  /** Seconds, finite, >= 0. */
  start: number;
  /** Seconds, finite, >= start. */
  end: number;
}

/** The latest time writers keep, in seconds (about 31 years). */
export const MAX_TIME_S = 1e9;

/** A finite time clamped to [0, MAX_TIME_S], or undefined when absent. */
export function usableTime(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_TIME_S, Math.max(0, value)) : undefined;
}

/** Every segment's usable span, in order (see the rules above). */
export function normalizeSegmentTimes(segments: readonly TranscriptSegment[]): TimeSpan[] {
  const spans: TimeSpan[] = [];
  let previousEnd = 0;
  for (const segment of segments) {
    const start = usableTime(segment.start) ?? previousEnd;
    const end = Math.max(start, usableTime(segment.end) ?? start);
    spans.push({ start, end });
    previousEnd = end;
  }
  return spans;
}

/** A word's usable span, or undefined when the word is untimed. */
export function wordSpan(word: WordTiming): TimeSpan | undefined {
  const start = usableTime(word.start);
  if (start === undefined) return undefined;
  return { start, end: Math.max(start, usableTime(word.end) ?? start) };
}
