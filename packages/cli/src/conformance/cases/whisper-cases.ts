/**
 * Whisper kinds: encoder, first_logits, language_probs, generate and tokenizer, through the
 * public model API (loadWhisper, the executor contract, the decoding policy, the tokenizer).
 */
import { buildPrompt, logMelSpectrogram, type GenerateOptions } from '@whisperx-ts/core';
import { readArray, type AudioRef } from '../kit.js';
import type { CaseHandler } from './types.js';
import { encoderStatesOf } from '../mlx-whisper.js';

type Ref = { file: string; key: string; field?: string };

export const encoder: CaseHandler = async (c, ctx, checks) => {
  const model = await ctx.whisperModel();
  const mel = readArray(ctx.kit, c.input as string).data as Float32Array;
  const encoded = await model.executor.encode(mel, 1);
  try {
    const states = await encoderStatesOf(model.executor, encoded);
    checks.close(
      'encoder states',
      states,
      readArray(ctx.kit, c.expected as string).data as Float32Array,
      c.tolerance as { abs: number; rel?: number },
    );
  } finally {
    encoded.dispose();
  }
};

export const firstLogits: CaseHandler = async (c, ctx, checks) => {
  const model = await ctx.whisperModel();
  const mel = readArray(ctx.kit, c.input as string).data as Float32Array;
  const prompt = c.prompt as number[];
  const encoded = await model.executor.encode(mel, 1);
  const session = model.executor.startDecode(encoded, [0]);
  try {
    const logits = await session.step(Int32Array.from(prompt), prompt.length);
    checks.close(
      'logits',
      logits,
      readArray(ctx.kit, c.expected as string).data as Float32Array,
      c.tolerance as { abs: number },
    );
  } finally {
    session.dispose();
    encoded.dispose();
  }
};

export const languageProbs: CaseHandler = async (c, ctx, checks) => {
  const model = await ctx.whisperModel();
  const sot = model.tokenizer.special.sot;
  checks.equal('prompt', (c.prompt as number[] | undefined) ?? [sot], [sot]);
  const mel = readArray(ctx.kit, c.input as string).data as Float32Array;
  const [detected] = await model.detectLanguage(mel, 1);
  const ref = c.expected as Ref;
  const expected = ctx.readJson<Record<string, Record<string, number>>>(ref.file)[ref.key];
  const codes = Object.keys(expected).map((token) => token.replace(/^<\|(.*)\|>$/, '$1'));
  checks.equal('languages', [...Object.keys(detected.probs)].sort(), [...codes].sort());
  checks.close(
    'probabilities',
    codes.map((code) => detected.probs[code] ?? NaN),
    Object.values(expected),
    c.tolerance as { abs: number },
  );
  checks.equal('argmax', detected.language, c.argmax);
  if (c.argmaxTokenId !== undefined)
    checks.equal('argmax token', model.tokenizer.languageToken(detected.language), c.argmaxTokenId);
};

interface GenerateCase {
  audio: AudioRef[];
  options: GenerateOptions & { lengthPenalty?: number };
  expected: Ref;
  promptLength: number;
  eosTokenId: number;
  expectedText?: Ref;
  expectedScores?: Ref;
  expectedSegments?: Ref;
  oneByOne?: Ref;
  tolerance?: { score_abs?: number };
}

function cutAtEos(seq: readonly number[], promptLength: number, eos: number): number[] {
  for (let i = promptLength; i < seq.length; i++) if (seq[i] === eos) return seq.slice(0, i + 1);
  return [...seq];
}

export const generate: CaseHandler = async (raw, ctx, checks) => {
  const c = raw as unknown as GenerateCase;
  const model = await ctx.whisperModel();
  const nMels = model.dims.nMels as 80 | 128;
  const field = <T>(ref: Ref): T => ctx.readJson<Record<string, Record<string, T>>>(ref.file)[ref.key][ref.field ?? ''];
  const melOf = (refs: AudioRef[]) => {
    const out = new Float32Array(refs.length * nMels * 3000);
    refs.forEach((r, b) => out.set(logMelSpectrogram(ctx.audio(r), { nMels }), b * nMels * 3000));
    return out;
  };
  // The goldens are single generate() calls: temperature 0 only, no fallback.
  const options: GenerateOptions = { ...c.options, temperature: [0] };
  const rowOf = (r: { prompt: number[]; tokens: number[]; endedWithEos: boolean }) => [
    ...r.prompt,
    ...r.tokens,
    ...(r.endedWithEos ? [c.eosTokenId] : []),
  ];
  const results = await model.generate(melOf(c.audio), c.audio.length, options);
  const rows = results.map(rowOf);
  checks.equal(
    'sequences',
    rows,
    field<number[][]>(c.expected).map((s) => cutAtEos(s, c.promptLength, c.eosTokenId)),
  );
  if (c.expectedText)
    checks.equal(
      'text',
      results.map((r) => r.text),
      field<string[]>(c.expectedText),
    );
  if (c.expectedScores) {
    checks.close(
      'sequence scores',
      results.map((r) => r.score),
      field<number[]>(c.expectedScores),
      { abs: c.tolerance?.score_abs ?? 1e-3 },
    );
  }
  if (c.expectedSegments) {
    const segs = field<Array<{ start: number; end: number; tokens: number[] }>>(c.expectedSegments);
    const got = results[0].segments;
    checks.equal(
      'segment tokens',
      got.map((s) => s.tokens),
      segs.map((s) => s.tokens),
    );
    checks.close(
      'segment times',
      got.flatMap((s) => [s.start, s.end]),
      segs.flatMap((s) => [s.start, s.end]),
      { abs: 1e-6 },
    );
  }
  if (c.oneByOne) {
    const single = field<number[][]>(c.oneByOne);
    for (let i = 0; i < c.audio.length; i++) {
      const [r] = await model.generate(melOf([c.audio[i]]), 1, options);
      checks.equal(`one-by-one row ${i}`, rowOf(r), cutAtEos(single[i], c.promptLength, c.eosTokenId));
      checks.equal(`batch row ${i} = single`, rows[i], rowOf(r));
    }
  }
};

interface TokenizerFile {
  cases: Array<{
    text: string;
    ids_add_special_tokens_false: number[];
    ids_default_prefix: number[];
    decode_skip_special_false: string;
    decode_skip_special_true: string;
    tokens: string[];
  }>;
  prefix_case?: {
    set_prefix_tokens: { language: string; task: 'transcribe' | 'translate'; predict_timestamps: boolean };
    text: string;
    ids: number[];
  };
  timestamp_decode_case?: { ids: number[]; decode_with_timestamps: string };
}

export const tokenizerCases: CaseHandler = async (c, ctx, checks) => {
  const { tokenizer, dims } = await ctx.whisperModel();
  const file = ctx.readJson<TokenizerFile>(c.expected as string);
  file.cases.forEach((r, i) => {
    checks.equal(`record ${i} ids`, tokenizer.encode(r.text), r.ids_add_special_tokens_false);
    checks.equal(`record ${i} ids with prefix`, tokenizer.encodeWithSpecial(r.text), r.ids_default_prefix);
    checks.equal(`record ${i} tokens`, tokenizer.tokenize(r.text), r.tokens);
    checks.equal(
      `record ${i} decode skip`,
      tokenizer.decode(r.ids_default_prefix, { skipSpecial: true }),
      r.decode_skip_special_true,
    );
    checks.equal(`record ${i} decode`, tokenizer.decode(r.ids_add_special_tokens_false), r.decode_skip_special_false);
  });
  const p = file.prefix_case;
  if (p) {
    const prompt = buildPrompt(tokenizer, {
      languageToken: tokenizer.languageToken(p.set_prefix_tokens.language),
      task: p.set_prefix_tokens.task,
      withoutTimestamps: !p.set_prefix_tokens.predict_timestamps,
      textContext: dims.nTextCtx,
    });
    checks.equal('prefix ids', [...prompt.tokens, ...tokenizer.encode(p.text), tokenizer.special.eot], p.ids);
  }
  const t = file.timestamp_decode_case;
  if (t) checks.equal('timestamp decode', tokenizer.decodeWithTimestamps(t.ids), t.decode_with_timestamps);
};
