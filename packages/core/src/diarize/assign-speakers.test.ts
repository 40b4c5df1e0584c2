import { describe, expect, it } from 'vitest';
import type { TranscriptResult } from '../transcript.js';
import { assignWordSpeakers, TurnIndex, type SpeakerTurn } from './assign-speakers.js';

/** Straightforward reference: scan every turn, sum overlaps per speaker, pick the largest (ties: smallest label). */
function bruteForce(turns: SpeakerTurn[], start: number, end: number, fill: boolean): string | undefined {
  const totals = new Map<string, number>();
  for (const t of turns) {
    const inter = Math.min(t.end, end) - Math.max(t.start, start);
    if (t.end > t.start && inter > 0) totals.set(t.speaker, (totals.get(t.speaker) ?? 0) + inter);
  }
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (ranked.length > 0) return ranked[0][0];
  if (!fill) return undefined;
  let best: string | undefined;
  let bestGap = Infinity;
  for (const t of turns) {
    if (!(t.end > t.start)) continue;
    const gap = t.start >= end ? t.start - end : Math.max(0, start - t.end);
    if (gap < bestGap || (gap === bestGap && best !== undefined && t.speaker < best)) {
      bestGap = gap;
      best = t.speaker;
    }
  }
  return best;
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomTurns(rand: () => number, count: number, duration: number, speakers: number): SpeakerTurn[] {
  return Array.from({ length: count }, () => {
    const start = rand() * duration;
    return {
      start,
      end: start + 0.2 + rand() * 6,
      speaker: `SPEAKER_${String(Math.floor(rand() * speakers)).padStart(2, '0')}`,
    };
  });
}

describe('assignWordSpeakers', () => {
  it('picks the speaker with the largest summed overlap (WhisperX rule)', () => {
    const turns = [
      { start: 0, end: 2, speaker: 'A' },
      { start: 2, end: 3, speaker: 'B' },
      { start: 3.2, end: 4, speaker: 'B' },
      { start: 10, end: 12, speaker: 'C' },
    ];
    const result: TranscriptResult = {
      language: 'en',
      segments: [
        {
          start: 1,
          end: 4,
          text: ' one',
          words: [{ word: 'one', start: 1, end: 1.5 }, { word: 'two', start: 2.5, end: 3.5 }, { word: 'x' }],
        },
        { start: 6, end: 7, text: ' gap', words: [{ word: 'gap', start: 6, end: 7 }] },
      ],
    };
    assignWordSpeakers(turns, result);
    // A overlaps 1 s; B overlaps 1 + 0.8 s.
    expect(result.segments[0].speaker).toBe('B');
    expect(result.segments[0].words!.map((w) => w.speaker)).toEqual(['A', 'B', undefined]);
    expect(result.segments[1].speaker).toBeUndefined();
    assignWordSpeakers(turns, result, { fillNearest: true, speakerEmbeddings: { A: [1, 0] } });
    expect(result.segments[1].speaker).toBe('B');
    expect(result.segments[1].words![0].speaker).toBe('B');
    expect(result.speaker_embeddings).toEqual({ A: [1, 0] });
  });

  it('also labels word_segments that are separate objects', () => {
    const result: TranscriptResult = {
      language: 'en',
      segments: [{ start: 0, end: 1, text: ' a', words: [{ word: 'a', start: 0, end: 1 }] }],
      word_segments: [{ word: 'a', start: 0, end: 1 }],
    };
    assignWordSpeakers([{ start: 0, end: 5, speaker: 'S' }], result);
    expect(result.word_segments![0].speaker).toBe('S');
  });

  it('equals a per-turn scan on random data (with and without fillNearest)', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 20; trial++) {
      const turns = randomTurns(rand, 1 + Math.floor(rand() * 60), 120, 4);
      const index = new TurnIndex(turns);
      for (let q = 0; q < 200; q++) {
        const start = rand() * 130 - 5;
        const end = start + rand() * 3;
        for (const fill of [false, true]) {
          expect(index.speakerFor(start, end, fill), `trial ${trial} [${start}, ${end}] fill=${fill}`).toBe(
            bruteForce(turns, start, end, fill),
          );
        }
      }
    }
  });

  it('labels 1 hour (3000 turns, 10k words) quickly', () => {
    const rand = lcg(11);
    const turns = randomTurns(rand, 3000, 3600, 6);
    const segments = Array.from({ length: 1000 }, (_, s) => ({
      start: s * 3.6,
      end: s * 3.6 + 3.5,
      text: ' w',
      words: Array.from({ length: 10 }, (_, w) => ({
        word: 'w',
        start: s * 3.6 + w * 0.35,
        end: s * 3.6 + w * 0.35 + 0.3,
      })),
    }));
    const t0 = performance.now();
    assignWordSpeakers(turns, { language: 'en', segments }, { fillNearest: true });
    const ms = performance.now() - t0;
    expect(segments.every((s) => s.words.every((w) => typeof (w as { speaker?: string }).speaker === 'string'))).toBe(
      true,
    );
    expect(ms).toBeLessThan(1000);
  });
});
