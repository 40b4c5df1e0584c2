/**
 * `--align_model mms` end to end against the fake hub: the MMS forced aligner's repo layout
 * (config.json, vocab.json, preprocessor_config.json, onnx/model.onnx) holding a random-weight model
 * of its architecture (XLS-R layout: layer-norm feature encoder, stable layer norm; the 31-label
 * romanised vocabulary with <blank> = 0), aligning a Japanese, a Russian and an Arabic sentence.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../../../test/helpers/fake-hub.js';
import { kitPath, readKitWav, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { resolveRepoFile } from '../hub/resolve-file.js';
import { align, loadAlignModel, releaseAlignModel, type ResolveRepoFile } from './align.js';
import { MMS_ALIGN_MODEL } from './mms.js';
import { cleanText } from './text-clean.js';
import { WILDCARD } from './trellis.js';
import { wav2vec2OnnxBytes } from './wav2vec2-graph/build-cache.js';

const MODEL = path.join(REPO_ROOT, 'test/kits/alignment/w2v-layer-stable');

describe('--align_model mms (fake hub, random weights of its architecture)', () => {
  let hub: FakeHub;
  let resolver: ResolveRepoFile;
  let wav: Float32Array;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'align-mms-'));
  const cacheDir = path.join(tmp, 'hub');

  // The licence line is for a real download: CI's HF_HUB_OFFLINE=1 would hide it (the fake hub stands in).
  const offline = process.env.HF_HUB_OFFLINE;

  beforeAll(async () => {
    delete process.env.HF_HUB_OFFLINE;
    const files: Record<string, Uint8Array> = {
      'config.json': readFileSync(path.join(MODEL, 'config.json')),
      'vocab.json': readFileSync(path.join(MODEL, 'vocab.json')),
      'preprocessor_config.json': readFileSync(path.join(MODEL, 'preprocessor_config.json')),
      'onnx/model.onnx': await wav2vec2OnnxBytes(
        path.join(MODEL, 'config.json'),
        path.join(MODEL, 'model.safetensors'),
      ),
    };
    hub = await startFakeHub({ repos: { [MMS_ALIGN_MODEL.repo]: { files } } });
    resolver = (repo, file, o) => resolveRepoFile(repo, file, { ...o, endpoint: hub.endpoint, env: {} });
    wav = readKitWav(kitPath('audio/jfk.wav'));
  });
  afterAll(async () => {
    if (offline !== undefined) process.env.HF_HUB_OFFLINE = offline;
    await hub?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the CC-BY-NC 4.0 licence once, on the first download only', async () => {
    const first: string[] = [];
    const a = await loadAlignModel('ja', {
      modelName: 'mms',
      cacheDir,
      resolveRepoFile: resolver,
      log: (l) => first.push(l),
    });
    await releaseAlignModel(a);
    expect(first.filter((l) => l.includes('CC-BY-NC 4.0'))).toHaveLength(1);
    expect(first[0]).toContain(MMS_ALIGN_MODEL.repo);
    const second: string[] = [];
    const b = await loadAlignModel('ru', {
      modelName: 'MMS',
      cacheDir,
      resolveRepoFile: resolver,
      log: (l) => second.push(l),
    });
    await releaseAlignModel(b);
    expect(second).toEqual([]);
    expect(hub.requests.some((r) => r.path.endsWith('/onnx/model.onnx'))).toBe(true);
  });

  it('is never picked for a language by default', async () => {
    await expect(loadAlignModel('xx', { cacheDir, resolveRepoFile: resolver })).rejects.toThrow(
      /No default alignment model for language "xx": pass --align_model mms/,
    );
  });

  const sentences: [string, string, string[], string][] = [
    ['ja', 'こんにちは世界', Array.from('こんにちは世界'), 'konnichihashijie'],
    ['ru', ' Привет, мир', ['Привет,', 'мир'], 'privetmir'],
    ['ar', ' مرحبا بالعالم', ['مرحبا', 'بالعالم'], 'mrhbbllm'],
  ];
  for (const [lang, text, words, romanised] of sentences) {
    it(`aligns a ${lang} sentence through romanisation, keeping the original spelling`, async () => {
      const model = await loadAlignModel(lang, {
        modelName: 'mms',
        cacheDir,
        resolveRepoFile: resolver,
        threads: 1,
        log: () => {},
      });
      try {
        expect(model.romanize).toBe(true);
        expect(model.wav2vec2.blank).toBe(0);
        const cleaned = cleanText(text, model.wav2vec2.dictionary, lang, model.wav2vec2.blank, model.romanizer);
        // script characters became romanised letters of the vocabulary; the rest (',' and Arabic ain) the wildcard
        const letters = cleaned.cleanChars.filter((_, k) => cleaned.tokens[k] !== WILDCARD);
        expect(letters.join('')).toBe(romanised);
        for (const [k, t] of cleaned.tokens.entries())
          expect(t === WILDCARD || model.wav2vec2.dictionary.get(cleaned.cleanChars[k]) === t).toBe(true);
        const result = await align([{ start: 1, end: 3, text }], model, wav, { returnCharAlignments: true });
        expect(result.word_segments.map((w) => w.word)).toEqual(words);
        for (const w of result.word_segments) {
          expect(w.start).toBeGreaterThanOrEqual(1);
          expect(w.end).toBeLessThanOrEqual(3);
          expect(w.end!).toBeGreaterThan(w.start!);
        }
        const starts = result.word_segments.map((w) => w.start!);
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
        expect(result.segments[0].chars!.map((c) => c.char).join('')).toBe(text);
      } finally {
        await releaseAlignModel(model);
      }
    });
  }
});
