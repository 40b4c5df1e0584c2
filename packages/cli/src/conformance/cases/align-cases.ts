/**
 * Alignment kinds: ctc_emissions (wav2vec2 ONNX), ctc_forced_align (torchaudio forced_align +
 * merge_tokens + word spans) and whisperx_align (one segment through the WhisperX-style align).
 */
import {
  alignSegmentOnEmissions,
  computeEmissions,
  forcedAlign,
  mergeTokens,
  pathProbabilities,
  wordSpans,
  WILDCARD,
  type EmissionMatrix,
} from '@whisperx-ts/core';
import { readArray, type AudioRef } from '../kit.js';
import type { RunContext } from '../context.js';
import type { CaseHandler } from './types.js';

type Tolerance = { abs?: number; score_abs?: number; rounded_abs?: number };

function emissionsOf(ctx: RunContext, rel: string): EmissionMatrix {
  const a = readArray(ctx.kit, rel);
  return { data: a.data as Float32Array, frames: a.shape[0], labels: a.shape[1] };
}

function vocabulary(ctx: RunContext): Record<string, number> {
  return ctx.readJson<Record<string, number>>(`${ctx.kit.models.wav2vec2}/vocab.json`);
}

export const ctcEmissions: CaseHandler = async (c, ctx, checks) => {
  const model = await ctx.wav2vec2Model();
  const output = c.output === 'logits' ? 'logits' : 'log_softmax';
  const [em] = await computeEmissions(model, [ctx.audio(c.audio as AudioRef)], { output });
  const expected = readArray(ctx.kit, c.expected as string);
  checks.equal('shape', [em.frames, em.labels], expected.shape);
  checks.close('emissions', em.data, expected.data as Float32Array, { abs: (c.tolerance as Tolerance).abs });
};

interface ForcedAlignGolden {
  frame_labels: number[];
  frame_log_probs: number[];
  token_spans: { token_id: number; start_frame: number; end_frame: number; score: number }[];
  word_spans: { word: string; start_frame: number; end_frame: number; score: number }[];
}

export const ctcForcedAlign: CaseHandler = async (c, ctx, checks) => {
  const em = emissionsOf(ctx, c.input as string);
  const vocab = vocabulary(ctx);
  const targets = Array.from(c.transcript as string, (ch) => {
    if (vocab[ch] === undefined) throw new Error(`transcript character "${ch}" is not in the vocabulary`);
    return vocab[ch];
  });
  const blank = (c.blank as number | undefined) ?? 0;
  const tol = (c.tolerance as Tolerance).score_abs ?? 1e-4;
  const g = ctx.readJson<ForcedAlignGolden>((c.expected as { file: string }).file);
  const { labels, logProbs } = forcedAlign(em, targets, { blank });
  checks.equal('frame labels', Array.from(labels), g.frame_labels);
  checks.close('frame log-probs', logProbs, g.frame_log_probs, { abs: tol });
  const spans = mergeTokens(labels, pathProbabilities(logProbs), blank);
  checks.equal(
    'token spans',
    spans.map((s) => [s.token, s.start, s.end]),
    g.token_spans.map((s) => [s.token_id, s.start_frame, s.end_frame]),
  );
  checks.close(
    'token span scores',
    spans.map((s) => s.score),
    g.token_spans.map((s) => s.score),
    { abs: tol },
  );
  const ids = Object.fromEntries(Object.entries(vocab).map(([k, v]) => [v, k]));
  const words = wordSpans(spans, vocab['|']);
  checks.equal(
    'word spans',
    words.map((w) => [w.tokens.map((t) => ids[t.token]).join(''), w.start, w.end]),
    g.word_spans.map((w) => [w.word, w.start_frame, w.end_frame]),
  );
  checks.close(
    'word span scores',
    words.map((w) => w.score),
    g.word_spans.map((w) => w.score),
    { abs: tol },
  );
};

interface Seg {
  label: string;
  start: number;
  end: number;
  score: number;
}
interface Timed {
  start: number | null;
  end: number | null;
  score: number | null;
}
interface WhisperxGolden {
  text_clean: string;
  tokens: number[];
  path: { token_index: number; time_index: number; score: number }[];
  char_segments: Seg[];
  merge_words: Seg[];
  chars: (Timed & { char: string })[];
  words: (Timed & { word: string })[];
}

export const whisperxAlign: CaseHandler = async (c, ctx, checks) => {
  const em = emissionsOf(ctx, c.input as string);
  const dictionary = new Map(Object.entries(vocabulary(ctx)).map(([k, v]) => [k.toLowerCase(), v]));
  const seg = c.segment as { start: number; end: number; text: string };
  const language = (c.options as { language?: string } | undefined)?.language ?? 'en';
  const res = alignSegmentOnEmissions({ start: seg.start, end: seg.end, text: seg.text }, em, {
    dictionary,
    blank: 0,
    language,
  });
  const d = res.detail;
  if (!d) throw new Error('the segment was not aligned');
  const tol = c.tolerance as Tolerance;
  const expected = c.expected as { file: string; fields: string[] };
  const g = ctx.readJson<WhisperxGolden>(expected.file);
  for (const f of expected.fields) {
    if (f === 'text_clean') checks.equal('text_clean', d.textClean, g.text_clean);
    else if (f === 'tokens')
      checks.equal(
        'tokens',
        d.tokens.map((t) => (t === WILDCARD ? em.labels : t)),
        g.tokens,
      );
    else if (f === 'path') {
      checks.equal(
        'path',
        d.path.map((p) => [p.tokenIndex, p.timeIndex]),
        g.path.map((p) => [p.token_index, p.time_index]),
      );
      checks.close(
        'path scores',
        d.path.map((p) => p.score),
        g.path.map((p) => p.score),
        { abs: tol.score_abs },
      );
    } else if (f === 'char_segments' || f === 'merge_words') {
      const mine = f === 'char_segments' ? d.charSegments : d.mergedWords;
      const theirs = f === 'char_segments' ? g.char_segments : g.merge_words;
      checks.equal(
        f,
        mine.map((s) => [s.label, s.start, s.end]),
        theirs.map((s) => [s.label, s.start, s.end]),
      );
      checks.close(
        `${f} scores`,
        mine.map((s) => s.score),
        theirs.map((s) => s.score),
        { abs: tol.score_abs },
      );
    } else if (f === 'chars' || f === 'words') {
      const mine =
        f === 'chars'
          ? d.chars.map((r) => ({ ...r, text: r.char }))
          : res.segments.flatMap((s) => s.words ?? []).map((w) => ({ ...w, text: w.word }));
      const theirs =
        f === 'chars' ? g.chars.map((r) => ({ ...r, text: r.char })) : g.words.map((w) => ({ ...w, text: w.word }));
      checks.equal(
        f,
        mine.map((r) => r.text),
        theirs.map((r) => r.text),
      );
      for (const k of ['start', 'end', 'score'] as const) {
        checks.closeOptional(
          `${f} ${k}`,
          mine.map((r) => r[k]),
          theirs.map((r) => r[k]),
          tol.rounded_abs ?? 1e-3,
        );
      }
    } else throw new Error(`unknown whisperx_align field "${f}"`);
  }
};
