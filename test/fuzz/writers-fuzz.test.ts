/**
 * Fuzzing the writers end to end: random Unicode transcripts (any code point, lone surrogates,
 * RTL, combining marks, emoji, control characters, `-->`, markup) written with writeTranscript in
 * every format to a real folder, then read back: JSON round-trips the texts, SRT and VTT parse
 * with independent parsers (same cue count), TSV and aud keep one row per segment with 3 columns,
 * every file is valid UTF-8, and no temporary file is left. FUZZ_SCALE multiplies the runs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS, writeTranscript, type TranscriptResult } from '@whisperx-ts/core';
import { parseSrt, parseVtt } from '../../packages/core/src/writers/__fixtures__/parse-cues.js';

const SCALE = Math.max(0.1, Number(process.env.FUZZ_SCALE ?? 1));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const root = mkdtempSync(path.join(tmpdir(), 'wx-wfuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }), // any code point, astral included
  fc.string({ unit: 'grapheme-composite', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 3 }), // lone surrogates
  fc.constantFrom(
    '',
    ' ',
    '-->',
    '\u200f\u05e9\u05dc\u05d5\u05dd',
    'e\u0301\u0327',
    '\u0000\u0007\u001b[31m',
    'a\r\nb',
    '<v Bob>&lt;',
    '\ufeff',
    '\u2028\u2029',
  ),
);
const seconds = fc.double({ min: 0, max: 36_000, noNaN: true });
const segment = fc
  .record({
    a: seconds,
    b: seconds,
    text,
    speaker: fc.option(fc.constantFrom('SPEAKER_00', 'SPEAKER_01'), { nil: undefined }),
  })
  .map(({ a, b, text: t, speaker }) => ({
    start: Math.min(a, b),
    end: Math.max(a, b),
    text: t,
    ...(speaker ? { speaker } : {}),
  }));
const transcript = fc.record({
  language: fc.constantFrom('en', 'ja', 'zh', 'ar'),
  segments: fc.array(segment, { maxLength: 10 }),
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

describe('writers on random Unicode transcripts', () => {
  it('every format is written whole and reads back', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(transcript, async (t) => {
        const dir = path.join(root, String(n++));
        const result = t as TranscriptResult;
        const written = await writeTranscript(result, { outputDir: dir, baseName: 'x', formats: [...OUTPUT_FORMATS] });
        expect(written.map((w) => path.basename(w))).toEqual(OUTPUT_FORMATS.map((f) => `x.${f}`));
        expect(readdirSync(dir).sort()).toEqual(OUTPUT_FORMATS.map((f) => `x.${f}`).sort());
        const read = (f: string): string => utf8.decode(readFileSync(path.join(dir, `x.${f}`)));

        const json = JSON.parse(read('json')) as TranscriptResult;
        // JSON escapes what UTF-8 cannot hold (lone surrogates), so texts come back exactly.
        expect(json.segments.map((s) => s.text)).toEqual(t.segments.map((s) => s.text));

        const srt = parseSrt(read('srt'));
        const vtt = parseVtt(read('vtt'));
        expect(srt.length).toBe(vtt.length);
        for (const cue of [...srt, ...vtt]) {
          expect(cue.end).toBeGreaterThanOrEqual(cue.start);
          expect(cue.text).not.toContain('-->');
        }
        for (const f of ['tsv', 'aud'] as const) {
          const rows = read(f)
            .split('\n')
            .filter((l, i, all) => !(i === all.length - 1 && l === ''));
          const body = f === 'tsv' ? rows.slice(1) : rows;
          expect(body).toHaveLength(t.segments.length);
          for (const row of body) expect(row.split('\t')).toHaveLength(3);
        }
        expect(read('md')).toMatch(/^# /);
        read('txt');
        rmSync(dir, { recursive: true });
      }),
      { numRuns: Math.round(200 * SCALE), seed: SEED, endOnFailure: true },
    );
  }, 60_000);
});
