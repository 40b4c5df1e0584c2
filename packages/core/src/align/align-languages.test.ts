/**
 * Every language of WhisperX's alignment table, end to end against the fake hub (no network):
 * each table repo is served at the table's revision with a random-weight checkpoint of one of the
 * architecture variants (the project kit test/kits/alignment; the ONNX entries get the shared
 * kit's wav2vec2-mini export), loaded through the hub client, and aligns one segment.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub, type FakeRepo } from '../../../../test/helpers/fake-hub.js';
import { kitPath, readKitWav, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { resolveRepoFile } from '../hub/resolve-file.js';
import { align, loadAlignModel, releaseAlignModel, type ResolveRepoFile } from './align.js';
import { DEFAULT_ALIGN_MODELS, defaultAlignModel } from './model-table.js';

const KIT = path.join(REPO_ROOT, 'test/kits/alignment');
const VARIANTS = ['w2v-group-post', 'w2v-layer-stable', 'w2v-layer-post-legacy-wn', 'w2v-group-stable-fp16'];
const HF_FILES = ['config.json', 'vocab.json', 'preprocessor_config.json', 'model.safetensors'];
const TEXT: Record<string, string> = {
  en: ' And so my fellow Americans',
  fr: ' Bonjour à tous',
  ja: '日本語です',
  zh: '你好世界',
  ru: ' Привет, мир',
  ar: ' مرحبا بالعالم',
  ko: ' 안녕하세요',
  el: ' Γεια σου κόσμε',
};

function repoFor(lang: string, k: number): FakeRepo {
  const entry = DEFAULT_ALIGN_MODELS[lang];
  const revisions = entry.revision === 'main' ? [] : [entry.revision];
  if (entry.format === 'onnx') {
    const mini = kitPath('wav2vec2-mini');
    const files: Record<string, Uint8Array> = {};
    for (const f of ['config.json', 'vocab.json', 'preprocessor_config.json'])
      files[f] = readFileSync(path.join(mini, f));
    files[entry.file!] = readFileSync(path.join(mini, 'onnx/model.onnx'));
    return { files, revisions };
  }
  const dir = path.join(KIT, VARIANTS[k % VARIANTS.length]);
  return { files: Object.fromEntries(HF_FILES.map((f) => [f, readFileSync(path.join(dir, f))])), revisions };
}

describe("alignment in every language of WhisperX's table (fake hub, random weights)", () => {
  let hub: FakeHub;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'align-langs-'));
  const cacheDir = path.join(tmp, 'hub');
  const languages = Object.keys(DEFAULT_ALIGN_MODELS);
  const loadable = languages.filter((l) => DEFAULT_ALIGN_MODELS[l].format !== 'none');
  let resolver: ResolveRepoFile;
  let wav: Float32Array;

  beforeAll(async () => {
    const repos: Record<string, FakeRepo> = {};
    loadable.forEach((lang, k) => (repos[DEFAULT_ALIGN_MODELS[lang].repo] = repoFor(lang, k)));
    // --align_model repos: an existing ONNX export (vocab under onnx/, as the hub's export bot writes it),
    // a safetensors-only checkpoint, and one with only a pickle
    const mini = kitPath('wav2vec2-mini');
    const read = (f: string) => readFileSync(path.join(mini, f));
    repos['onnx-community/wav2vec2-large-xlsr-53-russian-ONNX'] = {
      files: {
        'config.json': read('config.json'),
        'onnx/vocab.json': read('vocab.json'),
        'preprocessor_config.json': read('preprocessor_config.json'),
        'onnx/model.onnx': read('onnx/model.onnx'),
      },
    };
    repos['someone/safetensors-only'] = {
      files: Object.fromEntries(HF_FILES.map((f) => [f, readFileSync(path.join(KIT, VARIANTS[1], f))])),
    };
    repos['someone/pickle-only'] = {
      files: { 'config.json': read('config.json'), 'vocab.json': read('vocab.json'), 'pytorch_model.bin': 'x' },
    };
    hub = await startFakeHub({ repos });
    resolver = (repo, file, o) => resolveRepoFile(repo, file, { ...o, endpoint: hub.endpoint, env: {} });
    wav = readKitWav(kitPath('audio/jfk.wav'));
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('covers all 41 languages: loadable ones load and align, the others fail with one line naming --align_model', async () => {
    expect(languages).toHaveLength(41);
    for (const lang of languages.filter((l) => !loadable.includes(l))) {
      expect(() => defaultAlignModel(lang)).toThrow(/--align_model/);
      await expect(loadAlignModel(lang, { cacheDir, resolveRepoFile: resolver })).rejects.toThrow(
        new RegExp(`^Alignment for "${lang}": [^\\n]*--align_model [^\\n]*$`),
      );
    }
    for (const lang of loadable) {
      const lines: string[] = [];
      const model = await loadAlignModel(lang, {
        cacheDir,
        resolveRepoFile: resolver,
        threads: 1,
        log: (l) => lines.push(l),
      });
      try {
        const text = TEXT[lang] ?? ' hello world';
        const result = await align([{ start: 0.5, end: 2.5, text }], model, wav);
        expect(result.word_segments.length, lang).toBeGreaterThan(0);
        for (const w of result.word_segments) {
          expect(w.start, `${lang} ${w.word}`).toBeGreaterThanOrEqual(0.5);
          expect(w.end, `${lang} ${w.word}`).toBeLessThanOrEqual(2.5);
        }
        expect(result.word_segments.map((w) => w.word).join(''), lang).toBe(text.replace(/\s/g, ''));
        if (DEFAULT_ALIGN_MODELS[lang].format === 'safetensors')
          expect(lines.join('\n'), lang).toMatch(/building the ONNX graph/);
      } finally {
        await releaseAlignModel(model);
      }
    }
  }, 120_000);

  it('--align_model: an ONNX export is used as is, a safetensors-only repo is built, a pickle-only repo is refused', async () => {
    const onnx = await loadAlignModel('ru', {
      modelName: 'onnx-community/wav2vec2-large-xlsr-53-russian-ONNX',
      cacheDir,
      resolveRepoFile: resolver,
      threads: 1,
      log: () => {},
    });
    await releaseAlignModel(onnx);
    expect(
      hub.requests.some((r) =>
        r.path.startsWith('/onnx-community/wav2vec2-large-xlsr-53-russian-ONNX/resolve/main/model.safetensors'),
      ),
    ).toBe(false);
    const lines: string[] = [];
    const built = await loadAlignModel('ru', {
      modelName: 'someone/safetensors-only',
      cacheDir,
      resolveRepoFile: resolver,
      threads: 1,
      log: (l) => lines.push(l),
    });
    await releaseAlignModel(built);
    expect(lines.join('\n')).toMatch(/building the ONNX graph of someone\/safetensors-only/);
    await expect(
      loadAlignModel('ru', { modelName: 'someone/pickle-only', cacheDir, resolveRepoFile: resolver }),
    ).rejects.toThrow(
      /^someone\/pickle-only: neither onnx\/model\.onnx nor model\.safetensors found \(pickle checkpoints such as pytorch_model\.bin are never loaded\): pass --align_model/,
    );
  });

  it('asks the hub for the revision that holds the safetensors (refs/pr/N)', () => {
    const paths = hub.requests.map((r) => r.path);
    expect(paths).toContain('/jonatasgrosman/wav2vec2-large-xlsr-53-japanese/resolve/refs%2Fpr%2F2/model.safetensors');
    expect(paths).toContain('/comodoro/wav2vec2-xls-r-300m-cs-250/resolve/main/model.safetensors');
    expect(paths.some((p) => p.endsWith('.bin'))).toBe(false);
  });

  it('loads again offline from the cache, without building the graph again', async () => {
    const lines: string[] = [];
    const before = hub.requests.length;
    const model = await loadAlignModel('ja', {
      cacheDir,
      localFilesOnly: true,
      resolveRepoFile: resolver,
      threads: 1,
      log: (l) => lines.push(l),
    });
    await releaseAlignModel(model);
    expect(hub.requests.length).toBe(before);
    expect(lines).toEqual([]);
  });

  it('offline without the model: one line naming --align_model, the language and the cache', async () => {
    const empty = path.join(tmp, 'empty-hub');
    const call = loadAlignModel('pt', { cacheDir: empty, localFilesOnly: true, resolveRepoFile: resolver });
    await expect(call).rejects.toThrow(
      /alignment for language "pt" needs jonatasgrosman\/wav2vec2-large-xlsr-53-portuguese/,
    );
    await expect(call).rejects.toThrow(/pass --align_model <local folder or cached repo> \(or --align_model mms\)/);
    await expect(call).rejects.toThrow(
      new RegExp(`not in the Hugging Face cache ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    await expect(call).rejects.not.toThrow(/--model </);
    // a repo given with --align_model: the same line, not "neither ... found"
    const user = loadAlignModel('ru', {
      modelName: 'someone/safetensors-only',
      cacheDir: empty,
      localFilesOnly: true,
      resolveRepoFile: resolver,
    });
    await expect(user).rejects.toThrow(
      /not in the Hugging Face cache .*alignment for language "ru" needs someone\/safetensors-only: pass --align_model/,
    );
    await expect(user).rejects.not.toThrow(/neither/);
  });
});
