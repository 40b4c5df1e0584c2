/**
 * Speaker per segment and per word (WhisperX `assign_word_speakers`): the speaker whose turns
 * overlap the item the longest (intersections summed per speaker). Turns are indexed once
 * (sorted by start + running maximum of ends), so each query is a binary search plus a walk over
 * the turns that can overlap it, not a scan of every turn.
 */
import type { TranscriptResult, TranscriptSegment, WordTiming } from '../transcript.js';

/** One speaker turn, seconds. */
export interface SpeakerTurn {
  start: number;
  end: number;
  speaker: string;
}

export interface AssignSpeakersOptions {
  /**
   * When an item overlaps no turn, give it the speaker of the nearest turn (smallest gap).
   * Default false (the item keeps no speaker). WhisperX's fill_nearest instead sums signed
   * intersections over all turns; the nearest turn is what that option is meant to give.
   */
  fillNearest?: boolean;
  /** Per-speaker embeddings to store as `speaker_embeddings` on the result. Default none. */
  speakerEmbeddings?: Record<string, number[]>;
}

/** Turns sorted by start with the running maximum of their ends, for interval queries. */
export class TurnIndex {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly maxEnd: Float64Array;
  private readonly speakers: string[];

  constructor(turns: readonly SpeakerTurn[]) {
    const sorted = turns.filter((t) => t.end > t.start).sort((a, b) => a.start - b.start || a.end - b.end);
    this.starts = Float64Array.from(sorted, (t) => t.start);
    this.ends = Float64Array.from(sorted, (t) => t.end);
    this.speakers = sorted.map((t) => t.speaker);
    this.maxEnd = new Float64Array(sorted.length);
    let m = -Infinity;
    for (let i = 0; i < sorted.length; i++) this.maxEnd[i] = m = Math.max(m, this.ends[i]);
  }

  /** Number of turns whose start is < t. */
  private countStartingBefore(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Speaker with the largest summed overlap with [start, end]; undefined when nothing overlaps. */
  bestOverlap(start: number, end: number): string | undefined {
    const totals = new Map<string, number>();
    for (let i = this.countStartingBefore(end) - 1; i >= 0 && this.maxEnd[i] > start; i--) {
      const inter = Math.min(this.ends[i], end) - Math.max(this.starts[i], start);
      if (inter > 0) totals.set(this.speakers[i], (totals.get(this.speakers[i]) ?? 0) + inter);
    }
    let best: string | undefined;
    let bestTotal = 0;
    for (const [speaker, total] of totals) {
      if (total > bestTotal || (total === bestTotal && best !== undefined && speaker < best)) {
        best = speaker;
        bestTotal = total;
      }
    }
    return best;
  }

  /** Speaker of the turn closest to [start, end] (gap to the nearest edge); undefined without turns. */
  nearest(start: number, end: number): string | undefined {
    const n = this.starts.length;
    if (n === 0) return undefined;
    let best: string | undefined;
    let bestGap = Infinity;
    // Turns starting at or after `end`: the first one is the closest on the right.
    const right = this.countStartingBefore(end);
    if (right < n) {
      bestGap = this.starts[right] - end;
      best = this.speakers[right];
    }
    // Turns starting before `end`: the latest-ending one is the closest on the left.
    if (right > 0) {
      let i = right - 1;
      const target = this.maxEnd[i];
      // Walk back to the first turn reaching the running maximum (earliest index among ties).
      while (i > 0 && this.maxEnd[i - 1] === target) i--;
      const gap = Math.max(0, start - target);
      if (gap < bestGap || (gap === bestGap && best !== undefined && this.speakers[i] < best)) best = this.speakers[i];
    }
    return best;
  }

  speakerFor(start: number, end: number, fillNearest: boolean): string | undefined {
    return this.bestOverlap(start, end) ?? (fillNearest ? this.nearest(start, end) : undefined);
  }
}

function assignWords(
  index: TurnIndex,
  words: readonly WordTiming[] | undefined,
  fill: boolean,
  done: Set<WordTiming>,
): void {
  for (const word of words ?? []) {
    if (done.has(word) || word.start === undefined || word.end === undefined) continue;
    done.add(word);
    const speaker = index.speakerFor(word.start, word.end, fill);
    if (speaker !== undefined) word.speaker = speaker;
  }
}

/**
 * Set `speaker` on every segment and timed word of `result` (in place; the result is returned).
 * Words without timing keep no speaker, as in WhisperX.
 */
export function assignWordSpeakers(
  turns: readonly SpeakerTurn[],
  result: TranscriptResult,
  options: AssignSpeakersOptions = {},
): TranscriptResult {
  const fill = options.fillNearest ?? false;
  const index = new TurnIndex(turns);
  const done = new Set<WordTiming>();
  result.segments.forEach((segment: TranscriptSegment) => {
    const speaker = index.speakerFor(segment.start, segment.end, fill);
    if (speaker !== undefined) segment.speaker = speaker;
    assignWords(index, segment.words, fill, done);
  });
  assignWords(index, result.word_segments, fill, done);
  if (options.speakerEmbeddings) result.speaker_embeddings = options.speakerEmbeddings;
  return result;
}
