/** Test helpers: read SRT/VTT back with independent parsers (subtitle, W3C webvtt-parser). */
import { fileURLToPath } from 'node:url';
import { parseSync } from 'subtitle';
import { WebVTTParser } from 'webvtt-parser';

/** test/fixtures/writers/ (one folder per case). */
export const WRITER_FIXTURES = fileURLToPath(new URL('../../../../../test/fixtures/writers/', import.meta.url));

export interface ParsedCue {
  /** Milliseconds. */
  start: number;
  end: number;
  text: string;
}

/** Cues as the `subtitle` package reads an SRT file. */
export function parseSrt(text: string): ParsedCue[] {
  return parseSync(text).flatMap((node) => (node.type === 'cue' ? [node.data] : []));
}

/** Cues as webvtt-parser reads a VTT file (entities decoded); throws on any parser error. */
export function parseVtt(text: string): ParsedCue[] {
  const tree = new WebVTTParser().parse(text, 'subtitles');
  if (tree.errors.length > 0) throw new Error(`WebVTT errors: ${JSON.stringify(tree.errors)}`);
  return tree.cues.map((cue) => ({
    start: Math.round(cue.startTime * 1000),
    end: Math.round(cue.endTime * 1000),
    text: cue.text.replace(/&lt;/g, '<').replace(/&amp;/g, '&'),
  }));
}

/** The order webvtt-parser returns cues in (start ascending, then longest first; stable). */
export function byVttOrder<T extends { start: number; end: number }>(cues: readonly T[]): T[] {
  return [...cues].sort((a, b) => a.start - b.start || b.end - a.end);
}
