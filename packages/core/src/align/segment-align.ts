/**
 * WhisperX's align() for ONE segment whose emissions are known: text cleaning, trellis path,
 * character times (frame * ratio + segment start, ratio = segment duration / frames, rounded to
 * 3 decimals), words (space-separated, or per character in languages without spaces), sentences
 * (sentence-split.ts), interpolation of missing times, and the merge of sentences that end up
 * with identical (start, end), sorted by (start, end) as WhisperX's pandas groupby does.
 *
 * Deviations from WhisperX, on purpose: characters outside the vocabulary are aligned through the
 * wildcard column (as recent WhisperX does); a sentence still without a time after interpolation
 * takes the segment's start/end instead of being dropped; a sentence boundary with no space
 * between sentences (CJK '。') does not put the next sentence's first character in both.
 */
import type { CharTiming, TranscriptSegment, WordTiming } from '../transcript.js';
import type { EmissionMatrix } from './ctc-forced-align.js';
import { interpolateMissing, type InterpolateMethod } from './interpolate.js';
import { sentenceSpans, type SentenceSplitOptions } from './sentence-split.js';
import type { Romanizer } from './romanize.js';
import { cleanText, isLanguageWithoutSpaces } from './text-clean.js';
import { backtrack, getTrellis, mergeRepeats, mergeWords, type CharSegment, type PathPoint } from './trellis.js';

export interface SegmentAlignOptions {
  /** Lower-cased model vocabulary (label -> id). */
  dictionary: ReadonlyMap<string, number>;
  /** CTC blank id. */
  blank: number;
  /** Language code (decides word splitting). */
  language: string;
  /** Filling words/sentences without times. Default 'nearest'. */
  interpolateMethod?: InterpolateMethod;
  /** Add per-character times to each output segment. Default false. */
  returnCharAlignments?: boolean;
  /** Sentence splitter options. */
  sentence?: SentenceSplitOptions;
  /** Romanise the text with this before tokenising (the MMS aligner); words keep the original spelling. Default: none. */
  romanizer?: Romanizer;
}

/** A character of the segment text with its (rounded) time; word index as WhisperX's word-idx. */
export interface CharRecord {
  char: string;
  start?: number;
  end?: number;
  score?: number;
  wordIndex: number;
}

/** Intermediate results, for inspection and conformance tests. */
export interface SegmentAlignDetail {
  textClean: string;
  /** Token ids of the cleaned characters (WILDCARD = -1). */
  tokens: number[];
  path: PathPoint[];
  charSegments: CharSegment[];
  /** WhisperX merge_words over the character segments ('|' separated). */
  mergedWords: CharSegment[];
  /** Seconds per emission frame. */
  ratio: number;
  chars: CharRecord[];
}

export interface SegmentAlignResult {
  /** Sentences of the segment, or the segment unchanged (no words) when it could not be aligned. */
  segments: TranscriptSegment[];
  /** Present when the segment was aligned. */
  detail?: SegmentAlignDetail;
  /** Why it was not aligned. */
  failure?: 'no-alignable-characters' | 'backtrack-failed';
}

/** Python round(x, 3) on the double's exact decimal value (ties away from zero; Python rounds exact ties to even). */
export function round3(x: number): number {
  return Number(x.toFixed(3));
}

/** The segment kept with its own times and no words (WhisperX's fallback). */
export function unalignedSegment(segment: TranscriptSegment, returnChars: boolean): TranscriptSegment {
  const out: TranscriptSegment = { start: segment.start, end: segment.end, text: segment.text, words: [] };
  if (returnChars) out.chars = [];
  if (segment.avg_logprob !== undefined) out.avg_logprob = segment.avg_logprob;
  return out;
}

/**
 * numpy's pairwise float64 sum (what pandas' mean uses): plain loop below 8 values, eight
 * interleaved partial sums up to 128, halves above. Keeps word scores identical to WhisperX's
 * when the mean sits on a rounding edge.
 */
export function pairwiseSum(a: readonly number[], from = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[from + i];
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[from + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[from + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[from + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
}

const minOf = (xs: (number | undefined)[]): number | undefined => {
  let m: number | undefined;
  for (const x of xs) if (x !== undefined && (m === undefined || x < m)) m = x;
  return m;
};
const maxOf = (xs: (number | undefined)[]): number | undefined => {
  let m: number | undefined;
  for (const x of xs) if (x !== undefined && (m === undefined || x > m)) m = x;
  return m;
};

function wordsOf(records: CharRecord[], method: InterpolateMethod): WordTiming[] {
  const order: number[] = [];
  const groups = new Map<number, CharRecord[]>();
  for (const r of records) {
    if (!groups.has(r.wordIndex)) {
      groups.set(r.wordIndex, []);
      order.push(r.wordIndex);
    }
    groups.get(r.wordIndex)!.push(r);
  }
  const words: WordTiming[] = [];
  for (const w of order) {
    const all = groups.get(w)!;
    const text = all
      .map((r) => r.char)
      .join('')
      .trim();
    if (text.length === 0) continue;
    const chars = all.filter((r) => r.char !== ' ');
    const word: WordTiming = { word: text };
    const start = minOf(chars.map((r) => r.start));
    const end = maxOf(chars.map((r) => r.end));
    const nScores = chars.filter((r) => r.score !== undefined).length;
    if (start !== undefined) word.start = start;
    if (end !== undefined) word.end = end;
    // pandas mean: missing values count as 0 in the sum and not in the count
    if (nScores) word.score = round3(pairwiseSum(chars.map((r) => r.score ?? 0)) / nScores);
    words.push(word);
  }
  const starts = words.map((w) => w.start);
  if (starts.some((s) => s === undefined) && starts.some((s) => s !== undefined)) {
    const s2 = interpolateMissing(starts, method);
    const e2 = interpolateMissing(
      words.map((w) => w.end),
      method,
    );
    words.forEach((w, i) => {
      if (w.start === undefined && s2[i] !== undefined) w.start = s2[i];
      if (w.end === undefined && e2[i] !== undefined) w.end = e2[i];
    });
  }
  return words;
}

/** Align one segment on its emissions ([frames, labels] log-probabilities of its audio). */
export function alignSegmentOnEmissions(
  segment: TranscriptSegment,
  emissions: EmissionMatrix,
  options: SegmentAlignOptions,
): SegmentAlignResult {
  const method = options.interpolateMethod ?? 'nearest';
  const returnChars = options.returnCharAlignments ?? false;
  const cleaned = cleanText(segment.text, options.dictionary, options.language, options.blank, options.romanizer);
  if (cleaned.tokens.length === 0)
    return { segments: [unalignedSegment(segment, returnChars)], failure: 'no-alignable-characters' };
  const trellis = getTrellis(emissions, cleaned.tokens, options.blank);
  const path = backtrack(trellis, emissions, cleaned.tokens, options.blank);
  if (!path) return { segments: [unalignedSegment(segment, returnChars)], failure: 'backtrack-failed' };
  const charSegments = mergeRepeats(path, cleaned.cleanChars);
  const t1 = segment.start;
  const ratio = (segment.end - t1) / (trellis.rows - 1);
  // token range [first, last] of each character (one token, or a romanised character's letters)
  const position = new Map<number, [number, number]>();
  cleaned.cleanIndex.forEach((cdx, k) => {
    const known = position.get(cdx);
    position.set(cdx, known ? [known[0], k] : [k, k]);
  });
  const chars: CharRecord[] = cleaned.chars.map((char, cdx) => {
    const rec: CharRecord = { char, wordIndex: cleaned.wordIndex[cdx] };
    const range = position.get(cdx);
    if (range !== undefined && range[1] < charSegments.length) {
      const [first, last] = range;
      let score = 0;
      for (let k = first; k <= last; k++) score += charSegments[k].score;
      rec.start = round3(charSegments[first].start * ratio + t1);
      rec.end = round3(charSegments[last].end * ratio + t1);
      rec.score = round3(first === last ? charSegments[first].score : score / (last - first + 1));
    }
    return rec;
  });

  const spans = sentenceSpans(cleaned.chars, options.sentence);
  const sentences: TranscriptSegment[] = [];
  spans.forEach(([s, e], k) => {
    const nextStart = k + 1 < spans.length ? spans[k + 1][0] : Infinity;
    const last = Math.min(e, chars.length - 1, nextStart - 1);
    const curr = chars.slice(s, last + 1);
    const sentence: TranscriptSegment = {
      start: minOf(curr.map((r) => r.start)) as number,
      end: maxOf(curr.filter((r) => r.char !== ' ').map((r) => r.end)) as number,
      text: cleaned.chars.slice(s, e).join(''),
      words: wordsOf(curr, method),
    };
    if (returnChars) {
      sentence.chars = curr.map((r) => {
        const c: CharTiming = { char: r.char };
        if (r.start !== undefined) c.start = r.start;
        if (r.end !== undefined) c.end = r.end;
        if (r.score !== undefined) c.score = r.score;
        return c;
      });
    }
    if (segment.avg_logprob !== undefined) sentence.avg_logprob = segment.avg_logprob;
    sentences.push(sentence);
  });
  const starts = interpolateMissing(
    sentences.map((x) => x.start),
    method,
  );
  const ends = interpolateMissing(
    sentences.map((x) => x.end),
    method,
  );
  sentences.forEach((x, i) => {
    x.start = starts[i] ?? segment.start;
    x.end = ends[i] ?? segment.end;
  });
  return {
    segments: mergeEqualTimes(sentences, isLanguageWithoutSpaces(options.language) ? '' : ' '),
    detail: {
      textClean: cleaned.cleanChars.join(''),
      tokens: cleaned.tokens,
      path,
      charSegments,
      mergedWords: mergeWords(charSegments),
      ratio,
      chars,
    },
  };
}

/** Sentences with identical (start, end) become one (texts joined), sorted by (start, end). */
function mergeEqualTimes(sentences: TranscriptSegment[], joiner: string): TranscriptSegment[] {
  const groups = new Map<string, TranscriptSegment>();
  for (const s of sentences) {
    const key = `${s.start}|${s.end}`;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { ...s, words: [...(s.words ?? [])], ...(s.chars ? { chars: [...s.chars] } : {}) });
      continue;
    }
    g.text = g.text + joiner + s.text;
    g.words!.push(...(s.words ?? []));
    if (g.chars && s.chars) g.chars.push(...s.chars);
  }
  return [...groups.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}
