/**
 * Micro-benchmark of the alignment search (no model forward): synthetic emissions for a 1-hour
 * transcript, aligned segment by segment with WhisperX's trellis (what align() runs) and with the
 * torchaudio-style forced aligner.
 *   pnpm --filter @whisperx-ts/core exec tsx scripts/bench-align.ts
 * Two shapes: 450 segments of 8 s (~15 chars/s of speech, typical Whisper segments) and 120
 * segments of 30 s (the longest WhisperX windows, the worst case per segment).
 */
import { performance } from 'node:perf_hooks';
import { ENGLISH_DICTIONARY as dictionary, LABELS } from '../src/align/__fixtures__/english-dictionary.js';
import { forcedAlign, type EmissionMatrix } from '../src/align/ctc-forced-align.js';
import { alignSegmentOnEmissions } from '../src/align/segment-align.js';

const WORDS = [
  'and',
  'so',
  'my',
  'fellow',
  'americans',
  'ask',
  'not',
  'what',
  'your',
  'country',
  'can',
  'do',
  'for',
  'you',
  '1961,',
];

let seed = 12345;
const rnd = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;

function makeText(chars: number): string {
  let text = '';
  while (text.length < chars) text += ' ' + WORDS[Math.floor(rnd() * WORDS.length)];
  return text;
}

function makeEmissions(frames: number): EmissionMatrix {
  const C = LABELS.length;
  const data = new Float32Array(frames * C);
  for (let t = 0; t < frames; t++) {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp((data[t * C + c] = rnd() * 4 + (c === 0 ? 3 : 0)));
    const lse = Math.log(sum);
    for (let c = 0; c < C; c++) data[t * C + c] -= lse;
  }
  return { data, frames, labels: C };
}

function run(segments: number, seconds: number): void {
  const frames = Math.round(seconds * 50);
  const chars = Math.round(seconds * 15);
  const inputs = Array.from({ length: segments }, () => ({ text: makeText(chars), em: makeEmissions(frames) }));
  let t0 = performance.now();
  let words = 0;
  inputs.forEach(({ text, em }, i) => {
    const res = alignSegmentOnEmissions({ start: i * seconds, end: (i + 1) * seconds, text }, em, {
      dictionary,
      blank: 0,
      language: 'en',
    });
    words += res.segments.reduce((n, s) => n + (s.words?.length ?? 0), 0);
  });
  const whisperx = performance.now() - t0;
  t0 = performance.now();
  for (const { text, em } of inputs) {
    const targets = Array.from(
      text
        .trim()
        .toUpperCase()
        .replace(/[^A-Z' ]/g, '')
        .replace(/ +/g, '|'),
      (c) => LABELS.indexOf(c),
    );
    forcedAlign(em, targets);
  }
  const torchaudio = performance.now() - t0;
  console.log(
    `${segments} x ${seconds} s (${frames} frames, ~${chars} chars, ${words} words): ` +
      `whisperx trellis + words ${(whisperx / 1000).toFixed(2)} s, torchaudio-style forced_align ${(torchaudio / 1000).toFixed(2)} s`,
  );
}

run(450, 8);
run(120, 30);
