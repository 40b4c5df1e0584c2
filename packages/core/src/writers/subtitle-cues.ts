/**
 * Subtitle cues for SRT and VTT, following WhisperX's SubtitlesWriter.iterate_result:
 * - segments without words: one cue per segment, `[SPEAKER]: ` prefixed when it has a speaker;
 * - with words: words are packed into lines of at most maxLineWidth code points (the space
 *   joining two words is not counted, as in WhisperX) and lines into subtitles of at most
 *   maxLineCount lines; a word starting more than 3 s after the previous timed word starts a
 *   new subtitle; without maxLineWidth and maxLineCount, each segment is one subtitle. Cue
 *   times are the earliest word start and latest word end (the first segment's times when no
 *   word in the subtitle is timed); the speaker is the first word's segment's speaker; words
 *   are joined by a space, or by nothing for ja/zh;
 * - highlightWords: one cue per timed word with that word in <u></u>, plus a cue with the
 *   plain text for each gap before a word.
 *
 * Rules for messy input (WhisperX would crash, lose text or write backwards cues):
 * - times are read by normalize-times.ts (absent/NaN -> absent, negative -> 0);
 * - line breaks inside a text become spaces and `-->` becomes `->` (every cue stays parseable);
 * - words that are empty or only whitespace are skipped;
 * - a segment with no words (alignment failed) keeps its text as one untimed word, where
 *   WhisperX drops it;
 * - segments with empty text write no cue;
 * - highlight gap cues are written only for a real gap (a later word start);
 * - finally every cue starts no earlier than the previous cue (start = max(start, previous
 *   start)) and lasts at least 1 ms (WebVTT requires end > start); cues may overlap.
 * Times are integer milliseconds, rounded as Python's round(seconds * 1000).
 */
import type { TranscriptResult, TranscriptSegment } from '../transcript.js';
import { normalizeSegmentTimes, wordSpan, type TimeSpan } from './normalize-times.js';
import { secondsToMillis } from './time-format.js';
import {
  LANGUAGES_WITHOUT_SPACES,
  codePointLength,
  pyStrip,
  removeCueArrows,
  splitLeadingSpace,
  toOneLine,
} from './text.js';
import type { ResolvedWriterOptions } from './writer-options.js';

/** One subtitle cue: times in integer milliseconds (0 <= start < end), text may hold '\n'. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

/** Escapes spoken text for a cue format (identity for SRT, entities for VTT). */
export type CueEscape = (text: string) => string;

/** WhisperX's line width when none is given. */
const UNLIMITED_LINE_WIDTH = 1000;
/** WhisperX starts a new subtitle after a pause longer than this (seconds). */
const LONG_PAUSE_S = 3.0;

interface PlacedWord {
  /** Text as placed: stripped and '\n'-prefixed at a line start, as given otherwise. */
  text: string;
  span: TimeSpan | undefined;
  segmentIndex: number;
}

const cleanText = (text: string): string => removeCueArrows(toOneLine(text));

/** The words of one segment as the cue builder sees them (see the rules above). */
function segmentWords(segment: TranscriptSegment): { text: string; span: TimeSpan | undefined }[] {
  const words = (segment.words ?? [])
    .map((w) => ({ text: cleanText(String(w.word ?? '')), span: wordSpan(w) }))
    .filter((w) => pyStrip(w.text) !== '');
  if (words.length > 0) return words;
  const text = pyStrip(cleanText(segment.text ?? ''));
  return text === '' ? [] : [{ text, span: undefined }];
}

/** Group words into subtitles (WhisperX's iterate_subtitles). */
function* packSubtitles(
  segments: readonly TranscriptSegment[],
  spans: readonly TimeSpan[],
  options: ResolvedWriterOptions,
): Generator<PlacedWord[]> {
  const maxWidth = options.maxLineWidth ?? UNLIMITED_LINE_WIDTH;
  const preserveSegments = options.maxLineCount === null || options.maxLineWidth === null;
  let lineLen = 0;
  let lineCount = 1;
  let subtitle: PlacedWord[] = [];
  let last = spans[0]!.start;
  for (let s = 0; s < segments.length; s++) {
    const words = segmentWords(segments[s]!);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      let text = word.text;
      const longPause = !preserveSegments && word.span !== undefined && word.span.start - last > LONG_PAUSE_S;
      const hasRoom = lineLen + codePointLength(text) <= maxWidth;
      const segmentBreak = i === 0 && subtitle.length > 0 && preserveSegments;
      if (lineLen > 0 && hasRoom && !longPause && !segmentBreak) {
        lineLen += codePointLength(text);
      } else {
        text = pyStrip(text);
        const full = options.maxLineCount !== null && (longPause || lineCount >= options.maxLineCount);
        if ((subtitle.length > 0 && full) || segmentBreak) {
          yield subtitle;
          subtitle = [];
          lineCount = 1;
        } else if (lineLen > 0) {
          lineCount += 1;
          text = `\n${text}`;
        }
        lineLen = codePointLength(pyStrip(text));
      }
      subtitle.push({ text, span: word.span, segmentIndex: s });
      if (word.span !== undefined) last = word.span.start;
    }
  }
  if (subtitle.length > 0) yield subtitle;
}

function underline(text: string): string {
  const [lead, rest] = splitLeadingSpace(text);
  return `${lead}<u>${rest}</u>`;
}

function speakerPrefix(segment: TranscriptSegment, escape: CueEscape): string {
  return segment.speaker === undefined || segment.speaker === null
    ? ''
    : escape(`[${cleanText(String(segment.speaker))}]: `);
}

function* wordCues(
  result: TranscriptResult,
  spans: readonly TimeSpan[],
  options: ResolvedWriterOptions,
  escape: CueEscape,
): Generator<Cue> {
  const joiner = LANGUAGES_WITHOUT_SPACES.includes(result.language) ? '' : ' ';
  for (const subtitle of packSubtitles(result.segments, spans, options)) {
    const first = subtitle[0]!;
    const timed = subtitle.filter((w) => w.span !== undefined).map((w) => w.span!);
    const span =
      timed.length > 0
        ? timed.reduce((a, b) => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) }))
        : spans[first.segmentIndex]!;
    const start = secondsToMillis(span.start);
    const end = secondsToMillis(span.end);
    const prefix = speakerPrefix(result.segments[first.segmentIndex]!, escape);
    const escaped = subtitle.map((w) => escape(w.text));
    const text = prefix + escaped.join(joiner);
    if (!options.highlightWords || timed.length === 0) {
      yield { start, end, text };
      continue;
    }
    let last = start;
    for (let i = 0; i < subtitle.length; i++) {
      const wordTime = subtitle[i]!.span;
      if (wordTime === undefined) continue;
      const wordStart = secondsToMillis(wordTime.start);
      const wordEnd = secondsToMillis(wordTime.end);
      if (wordStart > last) yield { start: last, end: wordStart, text };
      const marked = escaped.map((w, j) => (j === i ? underline(w) : w));
      yield { start: wordStart, end: wordEnd, text: prefix + marked.join(joiner) };
      last = wordEnd;
    }
  }
}

function* segmentCues(result: TranscriptResult, spans: readonly TimeSpan[], escape: CueEscape): Generator<Cue> {
  for (let s = 0; s < result.segments.length; s++) {
    const segment = result.segments[s]!;
    const text = pyStrip(cleanText(segment.text ?? ''));
    if (text === '') continue;
    yield {
      start: secondsToMillis(spans[s]!.start),
      end: secondsToMillis(spans[s]!.end),
      text: speakerPrefix(segment, escape) + escape(text),
    };
  }
}

/** The cues of a transcript, ordered by start, each at least 1 ms long. */
export function buildCues(result: TranscriptResult, options: ResolvedWriterOptions, escape: CueEscape): Cue[] {
  const segments = result.segments;
  if (segments.length === 0) return [];
  const spans = normalizeSegmentTimes(segments);
  const withWords = segments.some((s) => Array.isArray(s.words));
  const raw = withWords ? wordCues(result, spans, options, escape) : segmentCues(result, spans, escape);
  const cues: Cue[] = [];
  let previousStart = 0;
  for (const cue of raw) {
    const start = Math.max(cue.start, previousStart);
    cues.push({ start, end: Math.max(cue.end, start + 1), text: cue.text });
    previousStart = start;
  }
  return cues;
}
