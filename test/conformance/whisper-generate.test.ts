/**
 * Kit cases of kind "generate" (whisper-mini goldens e-h): the whole policy (prompt, filters,
 * greedy / beam, batching) on the ONNX backend, both decoder layouts, audio -> log-mel in TS.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitPath, readKitWav } from '../helpers/kit.js';
import { logMelSpectrogram } from '../../packages/core/src/audio/log-mel.js';
import { loadWhisper, whisperFilesFromFolder } from '../../packages/core/src/whisper/load-whisper.js';
import type { WhisperModel } from '../../packages/core/src/whisper/whisper-model.js';
import type { GenerateOptions } from '../../packages/core/src/whisper/decoding-options.js';

interface AudioRef {
  file: string;
  start: number;
  end: number | null;
  channel: number | null;
}
interface FieldRef {
  file: string;
  key: string;
  field: string;
}
interface GenerateCase {
  id: string;
  kind: string;
  audio: AudioRef[];
  options: {
    language: string;
    task: 'transcribe' | 'translate';
    withoutTimestamps: boolean;
    beamSize: number;
    maxNewTokens: number;
    initialPrompt?: string;
    lengthPenalty?: number;
  };
  expected: FieldRef;
  promptLength: number;
  eosTokenId: number;
  expectedText?: FieldRef;
  expectedScores?: FieldRef;
  expectedSegments?: FieldRef;
  oneByOne?: FieldRef;
  tolerance?: { score_abs: number };
}

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as {
  models: { whisper: string };
  cases: GenerateCase[];
};
const modelDir = kitPath(kit.models.whisper);
const cases = kit.cases.filter((c) => c.kind === 'generate');
const jsonCache = new Map<string, Record<string, Record<string, unknown>>>();
function field<T>(ref: FieldRef): T {
  if (!jsonCache.has(ref.file)) jsonCache.set(ref.file, JSON.parse(readFileSync(kitPath(ref.file), 'utf8')));
  return jsonCache.get(ref.file)![ref.key][ref.field] as T;
}

function melOf(audios: AudioRef[], nMels: 80 | 128): Float32Array {
  const out = new Float32Array(audios.length * nMels * 3000);
  audios.forEach((a, b) => {
    const wav = readKitWav(kitPath(a.file), a.channel);
    out.set(logMelSpectrogram(wav.subarray(a.start, a.end ?? wav.length), { nMels }), b * nMels * 3000);
  });
  return out;
}

function cutAtEos(seq: readonly number[], promptLength: number, eos: number): number[] {
  for (let i = promptLength; i < seq.length; i++) if (seq[i] === eos) return seq.slice(0, i + 1);
  return [...seq];
}

function kitOptions(c: GenerateCase): GenerateOptions {
  // HF force_unique_generate_call: one pass at temperature 0, no fallback.
  return { ...c.options, temperature: [0] };
}

const fullFiles = whisperFilesFromFolder(modelDir);
const layouts = {
  merged: fullFiles,
  split: {
    ...fullFiles,
    decoderMerged: undefined,
    decoder: `${modelDir}/onnx/decoder_model.onnx`,
    decoderWithPast: `${modelDir}/onnx/decoder_with_past_model.onnx`,
  },
};

describe.each(Object.entries(layouts))('whisper generate vs HF goldens (%s decoder)', (_name, files) => {
  let model: WhisperModel;
  beforeAll(async () => {
    model = await loadWhisper(files, { threads: 1 });
  });
  afterAll(async () => model?.dispose());

  it.each(cases)('$id', async (c) => {
    const nMels = model.dims.nMels as 80 | 128;
    const results = await model.generate(melOf(c.audio, nMels), c.audio.length, kitOptions(c));
    const expected = field<number[][]>(c.expected);
    const rows = results.map((r) => [...r.prompt, ...r.tokens, ...(r.endedWithEos ? [c.eosTokenId] : [])]);
    expect(rows).toEqual(expected.map((s) => cutAtEos(s, c.promptLength, c.eosTokenId)));
    for (const r of results) expect(r.prompt.length).toBe(c.promptLength);
    if (c.expectedText) {
      const texts = field<string[]>(c.expectedText);
      expect(rows.map((row) => model.tokenizer.decode(row, { skipSpecial: true }))).toEqual(texts);
      expect(results.map((r) => r.text)).toEqual(texts);
    }
    if (c.expectedScores) {
      const scores = field<number[]>(c.expectedScores);
      results.forEach((r, i) => expect(Math.abs(r.score - scores[i])).toBeLessThanOrEqual(c.tolerance!.score_abs));
    }
    if (c.expectedSegments) {
      const segs = field<Array<{ start: number; end: number; tokens: number[] }>>(c.expectedSegments);
      const got = results[0].segments;
      expect(got.map((s) => s.tokens)).toEqual(segs.map((s) => s.tokens));
      got.forEach((s, i) => {
        expect(s.start).toBeCloseTo(segs[i].start, 6);
        expect(s.end).toBeCloseTo(segs[i].end, 6);
        expect(s.text).toBe(model.tokenizer.decode(segs[i].tokens, { skipSpecial: true }));
      });
    }
    if (c.oneByOne) {
      const single = field<number[][]>(c.oneByOne);
      for (let i = 0; i < c.audio.length; i++) {
        const [r] = await model.generate(melOf([c.audio[i]], nMels), 1, kitOptions(c));
        const row = [...r.prompt, ...r.tokens, ...(r.endedWithEos ? [c.eosTokenId] : [])];
        expect(row).toEqual(cutAtEos(single[i], c.promptLength, c.eosTokenId));
        expect(row).toEqual(rows[i]);
      }
    }
  });
});
