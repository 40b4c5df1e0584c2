/**
 * Conformance: wav2vec2 CTC emissions, torchaudio-style forced alignment and WhisperX align()
 * against the kit goldens (cases ctc_emissions/*, ctc_forced_align/*, whisperx_align/*),
 * driven by the fields of kit.json.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alignSegmentOnEmissions,
  computeEmissions,
  forcedAlign,
  loadWav2Vec2,
  mergeTokens,
  pathProbabilities,
  releaseWav2Vec2,
  wordSpans,
  WILDCARD,
  type EmissionMatrix,
  type Wav2Vec2Model,
} from '../../packages/core/src/align/index.js';
import { compareArrays, kitPath, readKitArray, readKitWav } from '../helpers/kit.js';

interface KitCase {
  id: string;
  kind: string;
  model?: string;
  audio?: { file: string; start: number; end: number | null; channel: number | null };
  input?: string;
  output?: string;
  transcript?: string;
  blank?: number;
  segment?: { start: number; end: number; text: string };
  numSamples?: number;
  options?: { language?: string; wildcardForUnknownChars?: boolean };
  expected: string | { file: string; fields: string[] };
  tolerance: { abs?: number; score_abs?: number; rounded_abs?: number; frames?: string };
}

interface GoldenSeg {
  label: string;
  start: number;
  end: number;
  score: number;
}
interface GoldenTimed {
  start: number | null;
  end: number | null;
  score: number | null;
}
interface WhisperxGolden {
  text_clean: string;
  tokens: number[];
  path: { token_index: number; time_index: number; score: number }[];
  char_segments: GoldenSeg[];
  merge_words: GoldenSeg[];
  chars: (GoldenTimed & { char: string })[];
  words: (GoldenTimed & { word: string })[];
}

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as {
  models: Record<string, string>;
  cases: KitCase[];
};
const cases = (kind: string): KitCase[] => kit.cases.filter((c) => c.kind === kind);
const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(kitPath(file), 'utf8'));
const emissionsOf = (file: string): EmissionMatrix => {
  const a = readKitArray(kitPath(file));
  return { data: a.data as Float32Array, frames: a.shape[0], labels: a.shape[1] };
};

describe('ctc_emissions', () => {
  let model: Wav2Vec2Model;
  beforeAll(async () => {
    model = await loadWav2Vec2(kitPath(kit.models.wav2vec2), { threads: 1 });
  });
  afterAll(async () => releaseWav2Vec2(model));

  it.each(cases('ctc_emissions').map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const a = c.audio!;
    const wav = readKitWav(kitPath(a.file), a.channel).subarray(a.start, a.end ?? undefined);
    const [em] = await computeEmissions(model, [wav], { output: c.output === 'logits' ? 'logits' : 'log_softmax' });
    const exp = readKitArray(kitPath(c.expected as string));
    expect([em.frames, em.labels]).toEqual(exp.shape);
    const r = compareArrays(em.data, exp.data as Float32Array, { abs: c.tolerance.abs! });
    expect(r.ok, `max abs ${r.maxAbs}`).toBe(true);
  });
});

describe('ctc_forced_align', () => {
  it.each(cases('ctc_forced_align').map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const em = emissionsOf(c.input!);
    const vocab = json(`${kit.models.wav2vec2}/vocab.json`) as Record<string, number>;
    const targets = Array.from(c.transcript!, (ch) => vocab[ch]);
    const blank = c.blank ?? 0;
    const { labels, logProbs } = forcedAlign(em, targets, { blank });
    const g = json((c.expected as { file: string }).file) as {
      frame_labels: number[];
      frame_log_probs: number[];
      token_spans: { token_id: number; start_frame: number; end_frame: number; score: number }[];
      word_spans: { word: string; start_frame: number; end_frame: number; score: number }[];
    };
    const tol = c.tolerance.score_abs!;
    expect(Array.from(labels)).toEqual(g.frame_labels);
    expect(compareArrays(logProbs, g.frame_log_probs, { abs: tol }).ok).toBe(true);
    const spans = mergeTokens(labels, pathProbabilities(logProbs), blank);
    expect(spans.map((s) => [s.token, s.start, s.end])).toEqual(
      g.token_spans.map((s) => [s.token_id, s.start_frame, s.end_frame]),
    );
    expect(
      compareArrays(
        spans.map((s) => s.score),
        g.token_spans.map((s) => s.score),
        { abs: tol },
      ).ok,
    ).toBe(true);
    const ids = Object.fromEntries(Object.entries(vocab).map(([k, v]) => [v, k]));
    const words = wordSpans(spans, vocab['|']);
    expect(words.map((w) => [w.tokens.map((t) => ids[t.token]).join(''), w.start, w.end])).toEqual(
      g.word_spans.map((w) => [w.word, w.start_frame, w.end_frame]),
    );
    expect(
      compareArrays(
        words.map((w) => w.score),
        g.word_spans.map((w) => w.score),
        { abs: tol },
      ).ok,
    ).toBe(true);
  });
});

describe('whisperx_align', () => {
  it.each(cases('whisperx_align').map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const em = emissionsOf(c.input!);
    const vocab = json(`${kit.models.wav2vec2}/vocab.json`) as Record<string, number>;
    const dictionary = new Map(Object.entries(vocab).map(([k, v]) => [k.toLowerCase(), v]));
    const seg = c.segment!;
    const language = c.options?.language ?? 'en';
    const res = alignSegmentOnEmissions({ start: seg.start, end: seg.end, text: seg.text }, em, {
      dictionary,
      blank: 0,
      language,
    });
    const d = res.detail!;
    expect(d).toBeDefined();
    const tol = c.tolerance;
    const g = json((c.expected as { file: string }).file) as unknown as WhisperxGolden;
    const fields = (c.expected as { fields: string[] }).fields;
    const closeAll = (a: (number | null | undefined)[], b: (number | null | undefined)[], abs: number): void => {
      expect(a.map((x) => x === undefined || x === null)).toEqual(b.map((x) => x === undefined || x === null));
      const pa = a.filter((x): x is number => typeof x === 'number');
      const pb = b.filter((x): x is number => typeof x === 'number');
      const r = compareArrays(pa, pb, { abs });
      expect(r.ok, `max abs ${r.maxAbs} at ${r.worstIndex}`).toBe(true);
    };
    for (const f of fields) {
      if (f === 'text_clean') expect(d.textClean).toBe(g.text_clean);
      else if (f === 'tokens') expect(d.tokens.map((t) => (t === WILDCARD ? em.labels : t))).toEqual(g.tokens);
      else if (f === 'path') {
        expect(d.path.map((p) => [p.tokenIndex, p.timeIndex])).toEqual(
          g.path.map((p) => [p.token_index, p.time_index]),
        );
        closeAll(
          d.path.map((p) => p.score),
          g.path.map((p) => p.score),
          tol.score_abs!,
        );
      } else if (f === 'char_segments' || f === 'merge_words') {
        const mine = f === 'char_segments' ? d.charSegments : d.mergedWords;
        const theirs = f === 'char_segments' ? g.char_segments : g.merge_words;
        expect(mine.map((s) => [s.label, s.start, s.end])).toEqual(theirs.map((s) => [s.label, s.start, s.end]));
        closeAll(
          mine.map((s) => s.score),
          theirs.map((s) => s.score),
          tol.score_abs!,
        );
      } else if (f === 'chars') {
        expect(d.chars.map((r) => r.char)).toEqual(g.chars.map((r) => r.char));
        for (const k of ['start', 'end', 'score'] as const) {
          closeAll(
            d.chars.map((r) => r[k]),
            g.chars.map((r) => r[k]),
            tol.rounded_abs!,
          );
        }
      } else if (f === 'words') {
        const words = res.segments.flatMap((s) => s.words ?? []);
        expect(words.map((w) => w.word)).toEqual(g.words.map((w) => w.word));
        for (const k of ['start', 'end', 'score'] as const) {
          closeAll(
            words.map((w) => w[k]),
            g.words.map((w) => w[k]),
            tol.rounded_abs!,
          );
        }
      } else throw new Error(`unknown field ${f}`);
    }
    expect(d.ratio).toBeCloseTo((seg.end - seg.start) / em.frames, 12);
  });
});
