import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../../../test/helpers/fake-hub.js';
import { kitPath } from '../../../../test/helpers/kit.js';
import type { HubOptions } from './hub-options.js';
import { resolveModelDir } from './repo-files.js';
import { resolveWhisperFiles } from './whisper-files.js';

const CONFIGS = {
  'config.json': '{"model_type":"whisper"}',
  'generation_config.json': '{}',
  'preprocessor_config.json': '{"feature_size":80}',
  'tokenizer.json': '{"model":{}}',
  'tokenizer_config.json': '{}',
};
const REPO = 'onnx-community/whisper-tiny';

let hub: FakeHub;
let home: string;
const opts = (
  extra: HubOptions & { computeType?: string; files?: string[] } = {},
  env: Record<string, string> = {},
) => ({
  env: { HF_HOME: home, HF_ENDPOINT: hub.endpoint, ...env },
  ...extra,
});

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'wx-whisper-'));
  hub = await startFakeHub({
    repos: {
      [REPO]: {
        files: {
          ...CONFIGS,
          'onnx/encoder_model.onnx': 'fp32-encoder',
          'onnx/decoder_model_merged.onnx': 'fp32-decoder',
          'onnx/encoder_model_fp16.onnx': 'fp16-encoder',
          'onnx/decoder_model_merged_fp16.onnx': 'fp16-decoder',
          'onnx/decoder_model_merged_fp16.onnx_data': 'fp16-decoder-weights',
          'pytorch_model.bin': 'pickle',
        },
      },
    },
  });
});
afterAll(async () => {
  await hub.close();
  rmSync(home, { recursive: true, force: true });
});

describe('resolveWhisperFiles', () => {
  it('uses a local folder in the onnx-community layout in place (conformance whisper-mini)', async () => {
    const dir = kitPath('whisper-mini');
    const files = await resolveWhisperFiles(dir);
    expect(files.dir).toBe(path.resolve(dir));
    expect(files.encoder).toBe(path.join(dir, 'onnx', 'encoder_model.onnx'));
    expect(files.decoderMerged).toBe(path.join(dir, 'onnx', 'decoder_model_merged.onnx'));
    for (const p of [
      files.config,
      files.generationConfig,
      files.preprocessorConfig,
      files.tokenizer,
      files.tokenizerConfig,
    ]) {
      expect(existsSync(p), p).toBe(true);
    }
    await expect(resolveWhisperFiles(dir, { computeType: 'float16' })).rejects.toThrow(
      /has no ONNX files for compute type float16.*it has: float32/,
    );
  });

  it('refuses a folder holding only pickle checkpoints, and names missing folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wx-pickle-'));
    try {
      writeFileSync(path.join(dir, 'config.json'), '{}');
      writeFileSync(path.join(dir, 'pytorch_model.bin'), 'x');
      await expect(resolveWhisperFiles(dir)).rejects.toThrow(/only pickle checkpoints \(pytorch_model\.bin\)/);
      await expect(resolveWhisperFiles(path.join(dir, 'nope'))).rejects.toThrow(/folder not found/);
      mkdirSync(path.join(dir, 'onnx'));
      writeFileSync(path.join(dir, 'onnx', 'encoder_model.onnx'), 'x');
      writeFileSync(path.join(dir, 'onnx', 'decoder_model_merged.onnx'), 'x');
      await expect(resolveWhisperFiles(dir)).rejects.toThrow(/missing generation_config\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fetches only the chosen variant (and its external data) and the configs, then serves from the cache', async () => {
    const files = await resolveWhisperFiles('tiny', opts({ computeType: 'float16' }));
    const fetched = hub.requests.filter((r) => r.method === 'HEAD').map((r) => r.path.split('/resolve/main/')[1]);
    expect(fetched.sort()).toEqual(
      [
        'onnx/encoder_model_fp16.onnx',
        'onnx/decoder_model_merged_fp16.onnx',
        'onnx/decoder_model_merged_fp16.onnx_data',
        ...Object.keys(CONFIGS),
      ].sort(),
    );
    const snapshot = path.join(home, 'hub', 'models--onnx-community--whisper-tiny', 'snapshots', hub.commitOf(REPO));
    expect(files.dir).toBe(snapshot);
    expect(files.repo).toBe(REPO);
    expect(readFileSync(files.encoder, 'utf8')).toBe('fp16-encoder');
    expect(readFileSync(files.decoderMerged!, 'utf8')).toBe('fp16-decoder');
    expect(readFileSync(path.join(snapshot, 'onnx', 'decoder_model_merged_fp16.onnx_data'), 'utf8')).toBe(
      'fp16-decoder-weights',
    );
    expect(readFileSync(files.tokenizer, 'utf8')).toBe(CONFIGS['tokenizer.json']);

    const before = hub.requests.length;
    expect(await resolveWhisperFiles('tiny', opts({ computeType: 'float16' }))).toEqual(files);
    expect(await resolveWhisperFiles(REPO, opts({ computeType: 'float16' }, { HF_HUB_OFFLINE: '1' }))).toEqual(files);
    expect(hub.requests.length).toBe(before);
    await expect(
      resolveWhisperFiles('tiny', opts({ computeType: 'float32' }, { HF_HUB_OFFLINE: '1' })),
    ).rejects.toThrow(/cached files only, offline\) has no ONNX files for compute type float32.*it has: float16/);
  });

  it('rejects unknown names with the list of known ones; resolveModelDir passes folders and fetches repo files', async () => {
    await expect(resolveWhisperFiles('huge-v9', opts())).rejects.toThrow(/unknown Whisper model.*tiny, tiny\.en/);
    const local = kitPath('whisper-mini');
    expect(await resolveModelDir(local)).toBe(path.resolve(local));
    const dir = await resolveModelDir(REPO, opts({ files: ['config.json', 'tokenizer.json'] }));
    expect(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')).toBe(CONFIGS['tokenizer.json']);
  });
});
