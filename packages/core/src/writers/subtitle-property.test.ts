/**
 * Property: any transcript (random Unicode, line breaks, arrows, missing/NaN/negative/huge
 * times, overlapping segments, empty words) gives SRT and VTT that independent parsers read
 * back without error, with our cues, starts never decreasing and every cue at least 1 ms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TranscriptResult } from '../transcript.js';
import { byVttOrder, parseSrt, parseVtt } from './__fixtures__/parse-cues.js';
import { formatTranscript } from './format-transcript.js';
import { buildCues } from './subtitle-cues.js';
import { resolveWriterOptions, type WriterOptions } from './writer-options.js';

const time = fc.oneof(
  fc.double({ min: 0, max: 20_000, noNaN: true }),
  fc.double(),
  fc.constantFrom(undefined, null, Number.NaN, -1, 0, 3.0005, 1e300, -Infinity),
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '-->',
    '--->',
    'a\nb',
    '\r\n',
    '<b>&amp;',
    '1',
    '00:00:01,000 --> 00:00:02,000',
    '  x  ',
    '😀',
    'שלום',
    '你好',
  ),
);
const word = fc.record({ word: text, start: time, end: time }, { requiredKeys: ['word'] });
const segment = fc.record(
  {
    start: time,
    end: time,
    text,
    words: fc.array(word, { maxLength: 6 }),
    speaker: fc.constantFrom('SPEAKER_00', 'SPEAKER_01', 'a<b&c\nd'),
  },
  { requiredKeys: ['start', 'end', 'text'] },
);
const transcript = fc.record({
  segments: fc.array(segment, { maxLength: 8 }),
  language: fc.constantFrom('en', 'zh', 'ja'),
}) as unknown as fc.Arbitrary<TranscriptResult>;
const options: fc.Arbitrary<WriterOptions> = fc.record({
  maxLineWidth: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  maxLineCount: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  highlightWords: fc.boolean(),
});

describe('SRT/VTT for arbitrary transcripts', () => {
  it('parse back with monotonic, non-empty cues', () => {
    fc.assert(
      fc.property(transcript, options, (result, opts) => {
        const cues = buildCues(result, resolveWriterOptions(opts), (t) => t);
        for (let i = 0; i < cues.length; i++) {
          expect(cues[i]!.end).toBeGreaterThan(cues[i]!.start);
          expect(cues[i]!.start).toBeGreaterThanOrEqual(i > 0 ? cues[i - 1]!.start : 0);
          expect(cues[i]!.text.split('\n').every((line) => line !== '')).toBe(true);
        }
        const srt = parseSrt(formatTranscript('srt', result, opts));
        expect(srt).toEqual(cues);
        const vtt = parseVtt(formatTranscript('vtt', result, opts));
        expect(vtt.map((c) => ({ ...c, text: c.text.replace(/\ufffd/g, '\0') }))).toEqual(
          byVttOrder(cues).map((c) => ({ ...c, text: c.text.replace(/\ufffd/g, '\0') })),
        );
      }),
      { numRuns: 300 },
    );
  });
});
