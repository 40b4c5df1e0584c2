import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kitExists, kitPath } from '../../../test/helpers/kit.js';
import { ConfigError, defaultAlignmentHeads, detectConfigLayout, parseWhisperConfig } from './config.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('parseWhisperConfig', () => {
  it('reads an mlx-community config with stored quantization', () => {
    const c = parseWhisperConfig(readJson(path.join(fixtures, 'mlx-tiny-config.json')));
    expect(c.layout).toBe('mlx');
    expect(c.dims).toEqual({
      nMels: 80,
      nVocab: 51865,
      nAudioCtx: 1500,
      nAudioState: 384,
      nAudioHead: 6,
      nAudioLayer: 4,
      nTextCtx: 448,
      nTextState: 384,
      nTextHead: 6,
      nTextLayer: 4,
    });
    expect(c.quantization).toEqual({ groupSize: 64, bits: 4 });
    expect(c.alignmentHeads).toBeUndefined();
    const heads = defaultAlignmentHeads(c.dims);
    expect(heads).toHaveLength(12);
    expect(heads[0]).toEqual([2, 0]);
    expect(heads[11]).toEqual([3, 5]);
  });

  it.runIf(kitExists())('reads the kit Hugging Face config and takes alignment heads from generation_config', () => {
    const c = parseWhisperConfig(readJson(kitPath('whisper-mini', 'config.json')), {
      generation: readJson(kitPath('whisper-mini', 'generation_config.json')),
    });
    expect(c.layout).toBe('hf');
    expect(c.dims).toMatchObject({
      nMels: 80,
      nVocab: 51865,
      nAudioState: 64,
      nTextState: 64,
      nTextHead: 2,
      nTextLayer: 2,
      nTextCtx: 448,
    });
    expect(c.alignmentHeads).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(c.quantization).toBeUndefined();
  });

  it('names the field, the cause and the fix', () => {
    expect(() => parseWhisperConfig({ n_mels: 80, n_text_layer: 4 }, { file: 'm/config.json' })).toThrow(
      'm/config.json: "n_vocab" must be a positive integer (got undefined)',
    );
    expect(() => parseWhisperConfig({ hidden_size: 4 })).toThrow(ConfigError);
    expect(() => parseWhisperConfig([1])).toThrow('not a JSON object');
    const bad = { ...(readJson(path.join(fixtures, 'mlx-tiny-config.json')) as object), alignment_heads: [[4, 0]] };
    expect(() => parseWhisperConfig(bad)).toThrow('inside 4 x 6');
    const badQ = { ...(readJson(path.join(fixtures, 'mlx-tiny-config.json')) as object), quantization: { bits: 4 } };
    expect(() => parseWhisperConfig(badQ)).toThrow('"group_size" must be a positive integer');
    expect(detectConfigLayout({ foo: 1 })).toBeUndefined();
  });
});
