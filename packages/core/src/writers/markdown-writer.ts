/**
 * md: a Markdown transcript for reading (VS Code's preview):
 *
 *   # <file name>                       ("Transcript" without metadata.file)
 *   - **File:** ... / **Duration:** hh:mm:ss / **Model:** / **Language:** / **Speakers:** /
 *     **Created:**                       (each only when known)
 *   **SPEAKER_00** [00:01:05]\          (a hard line break, then the text)
 *   text of that speaker's consecutive segments
 *
 * With speakers, a paragraph holds consecutive segments of one speaker (a segment without a
 * speaker is labelled "Unknown speaker"). Without speakers, a paragraph holds consecutive
 * segments until a pause over 3 s or past 600 characters, and is headed by `[hh:mm:ss]`.
 * Stamps are the paragraph's first segment start, rounded down to the second.
 * mdWordTimestamps: each timed word is followed by its start as `hh:mm:ss.mmm` in a code span
 * (segments without words keep their text). All spoken text, names and metadata values are
 * escaped by markdown-escape.ts.
 */
import type { TranscriptMetadata, TranscriptResult, TranscriptSegment } from '../transcript.js';
import { escapeMarkdownText } from './markdown-escape.js';
import { normalizeSegmentTimes, wordSpan, type TimeSpan } from './normalize-times.js';
import { LANGUAGES_WITHOUT_SPACES, pyStrip } from './text.js';
import { formatClock, formatClockMillis } from './time-format.js';
import type { ResolvedWriterOptions } from './writer-options.js';

/** A new paragraph (without speakers) after a pause longer than this, in seconds. */
const PARAGRAPH_PAUSE_S = 3;
/** ... or once a paragraph (without speakers) holds this many characters. */
const PARAGRAPH_MAX_CHARS = 600;
const UNKNOWN_SPEAKER = 'Unknown speaker';

interface Paragraph {
  label: string | undefined;
  start: number;
  texts: string[];
}

const speakerOf = (segment: TranscriptSegment): string | undefined =>
  segment.speaker === undefined || segment.speaker === null ? undefined : String(segment.speaker);

function baseName(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? file;
}

function countSpeakers(result: TranscriptResult): number {
  const speakers = new Set<string>();
  for (const segment of result.segments) {
    const speaker = speakerOf(segment);
    if (speaker !== undefined) speakers.add(speaker);
    for (const word of segment.words ?? []) if (word.speaker != null) speakers.add(String(word.speaker));
  }
  return speakers.size;
}

function metadataBlock(result: TranscriptResult, metadata: TranscriptMetadata): string[] {
  const rows: [string, string | undefined][] = [
    ['File', metadata.file],
    [
      'Duration',
      typeof metadata.duration === 'number' && Number.isFinite(metadata.duration)
        ? formatClock(metadata.duration)
        : undefined,
    ],
    ['Model', metadata.model],
    ['Language', metadata.language ?? (result.language || undefined)],
    ['Speakers', countSpeakers(result) > 0 ? String(countSpeakers(result)) : undefined],
    ['Created', metadata.createdAt],
  ];
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([name, value]) => `- **${name}:** ${escapeMarkdownText(value)}`);
}

/** The text a segment contributes to its paragraph (already escaped), '' when none. */
function segmentText(segment: TranscriptSegment, joiner: string, options: ResolvedWriterOptions): string {
  const words = (segment.words ?? []).filter((w) => pyStrip(String(w.word ?? '')) !== '');
  if (!options.mdWordTimestamps || words.length === 0) return escapeMarkdownText(segment.text ?? '');
  return words
    .map((w) => {
      const span = wordSpan(w);
      const word = escapeMarkdownText(String(w.word));
      return span === undefined ? word : `${word} \`${formatClockMillis(span.start)}\``;
    })
    .join(joiner);
}

function paragraphs(
  result: TranscriptResult,
  spans: readonly TimeSpan[],
  joiner: string,
  options: ResolvedWriterOptions,
): Paragraph[] {
  const bySpeaker = result.segments.some((s) => speakerOf(s) !== undefined);
  const out: Paragraph[] = [];
  let current: Paragraph | undefined;
  let currentEnd = 0;
  let currentChars = 0;
  result.segments.forEach((segment, i) => {
    const text = segmentText(segment, joiner, options);
    if (text === '') return;
    const span = spans[i]!;
    const label = bySpeaker ? (speakerOf(segment) ?? UNKNOWN_SPEAKER) : undefined;
    const startsNew =
      current === undefined ||
      (bySpeaker
        ? label !== current.label
        : span.start - currentEnd > PARAGRAPH_PAUSE_S || currentChars >= PARAGRAPH_MAX_CHARS);
    if (startsNew) {
      current = { label, start: span.start, texts: [] };
      out.push(current);
      currentChars = 0;
    }
    current!.texts.push(text);
    currentChars += text.length;
    currentEnd = Math.max(currentEnd, span.end);
  });
  return out;
}

export function formatMarkdown(
  result: TranscriptResult,
  options: ResolvedWriterOptions,
  metadata: TranscriptMetadata = {},
): string {
  const title = metadata.file ? escapeMarkdownText(baseName(metadata.file)) : 'Transcript';
  const blocks = [`# ${title}`];
  const meta = metadataBlock(result, metadata);
  if (meta.length > 0) blocks.push(meta.join('\n'));
  const joiner = LANGUAGES_WITHOUT_SPACES.includes(result.language) ? '' : ' ';
  const spans = normalizeSegmentTimes(result.segments);
  const paras = paragraphs(result, spans, joiner, options);
  for (const p of paras) {
    const stamp = `[${formatClock(p.start)}]`;
    const head = p.label === undefined ? stamp : `**${escapeMarkdownText(p.label)}** ${stamp}`;
    blocks.push(`${head}\\\n${p.texts.join(joiner)}`);
  }
  if (paras.length === 0) blocks.push('*No speech in this transcript.*');
  return `${blocks.join('\n\n')}\n`;
}
