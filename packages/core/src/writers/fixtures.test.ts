/**
 * Every writer against the hand-checked files in test/fixtures/writers/<case>/expected.<ext>
 * (input.json, or the input of options.inputFrom; options.json holds the writer options), and
 * every SRT/VTT output parsed back with independent parsers (subtitle, webvtt-parser).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TranscriptResult } from '../transcript.js';
import { formatTranscript, isOutputFormat, type FormatTranscriptOptions } from './format-transcript.js';
import { buildCues } from './subtitle-cues.js';
import { resolveWriterOptions } from './writer-options.js';
import { WRITER_FIXTURES as FIXTURES, byVttOrder, parseSrt, parseVtt } from './__fixtures__/parse-cues.js';

interface CaseOptions extends FormatTranscriptOptions {
  inputFrom?: string;
}

function loadCase(name: string): { input: TranscriptResult; options: CaseOptions; expected: [string, string][] } {
  const dir = path.join(FIXTURES, name);
  const optionsFile = path.join(dir, 'options.json');
  const options: CaseOptions = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  const input = JSON.parse(readFileSync(path.join(FIXTURES, options.inputFrom ?? name, 'input.json'), 'utf8'));
  const expected = readdirSync(dir)
    .filter((f) => f.startsWith('expected.'))
    .map((f): [string, string] => [f.slice('expected.'.length), readFileSync(path.join(dir, f), 'utf8')]);
  return { input, options, expected };
}

const cases = readdirSync(FIXTURES).filter(
  (n) => existsSync(path.join(FIXTURES, n, 'options.json')) || existsSync(path.join(FIXTURES, n, 'input.json')),
);

describe('writer fixtures', () => {
  it('has the cases the spec asks for', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of cases) {
    const { input, options, expected } = loadCase(name);
    for (const [format, text] of expected) {
      it(`${name}: ${format} matches the expected file`, () => {
        expect(isOutputFormat(format)).toBe(true);
        if (!isOutputFormat(format)) return;
        expect(formatTranscript(format, input, options)).toBe(text);
      });
    }

    it(`${name}: SRT and VTT parse back to the same cues`, () => {
      const cues = buildCues(input, resolveWriterOptions(options), (t) => t);
      const srt = parseSrt(formatTranscript('srt', input, options));
      const vtt = parseVtt(formatTranscript('vtt', input, options));
      expect(srt).toHaveLength(cues.length);
      expect(vtt).toHaveLength(cues.length);
      cues.forEach((cue, i) => {
        expect(srt[i]).toEqual({ start: cue.start, end: cue.end, text: cue.text });
        if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[i - 1]!.start);
        expect(cue.end).toBeGreaterThan(cue.start);
      });
      // webvtt-parser orders cues by start, then longest first: compare in that order.
      expect(vtt).toEqual(byVttOrder(cues.map((c) => ({ ...c }))));
    });
  }
});
