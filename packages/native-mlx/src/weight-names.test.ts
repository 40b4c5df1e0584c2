import { openSync, readFileSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kitExists, kitPath } from '../../../test/helpers/kit.js';
import {
  WeightNameError,
  detectWeightLayout,
  expectedMlxNames,
  hfToMlxName,
  isConvWeight,
  isQuantizable,
  quantizedCompanions,
} from './weight-names.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const keysFixture = JSON.parse(readFileSync(path.join(fixtures, 'hf-whisper-mini-keys.json'), 'utf8')) as {
  keys: string[];
};
const reference = JSON.parse(readFileSync(path.join(fixtures, 'mlx-reference-names.json'), 'utf8')) as {
  mapping: Record<string, string>;
};
const sizes = JSON.parse(readFileSync(path.join(fixtures, 'whisper-sizes.json'), 'utf8')) as {
  sizes: Record<string, { encoderLayers: number; decoderLayers: number }>;
};

/** Tensor names from a safetensors header: 8-byte little-endian length, then JSON. */
function safetensorsNames(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const len = Buffer.alloc(8);
    readSync(fd, len, 0, 8, 0);
    const n = Number(len.readBigUInt64LE(0));
    const header = Buffer.alloc(n);
    readSync(fd, header, 0, n, 8);
    return Object.keys(JSON.parse(header.toString('utf8')) as object).filter((k) => k !== '__metadata__');
  } finally {
    closeSync(fd);
  }
}

/** The real per-layer key template expanded to a size's layer counts. */
function expandKeys(keys: string[], encoderLayers: number, decoderLayers: number): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const m = /^model\.(encoder|decoder)\.layers\.(\d+)\.(.*)$/.exec(k);
    if (!m) {
      out.push(k);
      continue;
    }
    if (m[2] !== '0') continue;
    const n = m[1] === 'encoder' ? encoderLayers : decoderLayers;
    for (let i = 0; i < n; i++) out.push(`model.${m[1]}.layers.${i}.${m[3]}`);
  }
  return out;
}

describe('hfToMlxName', () => {
  it.runIf(kitExists())('the committed key list is the kit checkpoint header', () => {
    expect(safetensorsNames(kitPath('whisper-mini', 'model.safetensors')).sort()).toEqual(keysFixture.keys);
  });

  it('maps every real key exactly like the mlx-examples reference rename', () => {
    expect(keysFixture.keys).toHaveLength(89);
    for (const k of keysFixture.keys) expect(hfToMlxName(k), k).toBe(reference.mapping[k]);
    expect(detectWeightLayout(keysFixture.keys)).toBe('hf');
    expect(detectWeightLayout(Object.values(reference.mapping))).toBe('mlx');
  });

  it.each(Object.entries(sizes.sizes))('covers %s: mapped names equal the expected MLX parameters', (_size, s) => {
    const hf = [...expandKeys(keysFixture.keys, s.encoderLayers, s.decoderLayers), 'proj_out.weight'];
    const mapped = hf.map(hfToMlxName);
    expect(mapped.filter((n) => n === null)).toHaveLength(1); // proj_out: tied
    const names = new Set(mapped.filter((n): n is string => n !== null));
    expect(names.size).toBe(hf.length - 1); // no two HF tensors collide
    names.delete('encoder.positional_embedding'); // optional: sinusoids are recomputed when absent
    const expected = expectedMlxNames({ nAudioLayer: s.encoderLayers, nTextLayer: s.decoderLayers });
    expect(new Set(expected).size).toBe(expected.length);
    expect([...names].sort()).toEqual([...expected].sort());
  });

  it('rejects names outside a Whisper checkpoint with a one-line fix', () => {
    expect(() => hfToMlxName('model.encoder.layers.0.encoder_attn.q_proj.weight')).toThrow(WeightNameError);
    expect(() => hfToMlxName('model.decoder.layers.x.fc1.weight')).toThrow(
      'Unknown Whisper tensor "model.decoder.layers.x.fc1.weight"',
    );
    expect(() => hfToMlxName('lm_head.weight')).toThrow(
      'use an openai/whisper-* or mlx-community/whisper-*-mlx checkpoint',
    );
    expect(() => hfToMlxName('model.decoder.conv1.weight')).toThrow(WeightNameError);
  });

  it('flags conv layouts and quantizable layers', () => {
    expect(isConvWeight(hfToMlxName('model.encoder.conv1.weight')!)).toBe(true);
    expect(isConvWeight('encoder.conv1.bias')).toBe(false);
    expect(isQuantizable('decoder.blocks.3.cross_attn.key.weight')).toBe(true);
    expect(isQuantizable('decoder.token_embedding.weight')).toBe(true);
    expect(isQuantizable('encoder.conv2.weight')).toBe(false);
    expect(isQuantizable('decoder.blocks.0.mlp1.bias')).toBe(false);
    expect(quantizedCompanions('encoder.blocks.0.mlp1.weight')).toEqual([
      'encoder.blocks.0.mlp1.scales',
      'encoder.blocks.0.mlp1.biases',
    ]);
  });
});
