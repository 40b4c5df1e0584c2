import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareArrays, kitPath, readKitArray } from '../helpers/kit.js';
import { OnnxWhisperExecutor } from '../../packages/core/src/whisper/onnx-executor.js';
import { parseWhisperDims } from '../../packages/core/src/whisper/model-config.js';

interface KitCase {
  id: string;
  kind: string;
  input: string;
  expected: string;
  prompt?: number[];
  tolerance: { abs: number; rel?: number };
}
const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as { models: { whisper: string }; cases: KitCase[] };
const modelDir = kitPath(kit.models.whisper);
const dims = parseWhisperDims(JSON.parse(readFileSync(`${modelDir}/config.json`, 'utf8')));
const layouts = {
  merged: {
    encoder: `${modelDir}/onnx/encoder_model.onnx`,
    decoderMerged: `${modelDir}/onnx/decoder_model_merged.onnx`,
  },
  split: {
    encoder: `${modelDir}/onnx/encoder_model.onnx`,
    decoder: `${modelDir}/onnx/decoder_model.onnx`,
    decoderWithPast: `${modelDir}/onnx/decoder_with_past_model.onnx`,
  },
};

describe.each(Object.entries(layouts))('ONNX executor (%s decoder) vs kit goldens', (_layout, files) => {
  it.each(kit.cases.filter((c) => c.kind === 'encoder'))('$id', async (c) => {
    const exec = await OnnxWhisperExecutor.create(files, dims, { threads: 1 });
    const mel = readKitArray(kitPath(c.input)).data as Float32Array;
    const encoded = await exec.encode(mel, 1);
    const got = exec.encodedStates(encoded);
    const expected = readKitArray(kitPath(c.expected));
    const cmp = compareArrays(got, expected.data as Float32Array, c.tolerance);
    expect(cmp.ok, `max abs ${cmp.maxAbs}`).toBe(true);
    await exec.dispose();
  });

  it.each(kit.cases.filter((c) => c.kind === 'first_logits'))('$id', async (c) => {
    const exec = await OnnxWhisperExecutor.create(files, dims, { threads: 1 });
    const mel = readKitArray(kitPath(c.input)).data as Float32Array;
    const encoded = await exec.encode(mel, 1);
    const session = exec.startDecode(encoded, [0]);
    const logits = await session.step(Int32Array.from(c.prompt!), c.prompt!.length);
    const expected = readKitArray(kitPath(c.expected));
    const cmp = compareArrays(logits, expected.data as Float32Array, c.tolerance);
    expect(cmp.ok, `max abs ${cmp.maxAbs}`).toBe(true);
    session.dispose();
    await exec.dispose();
  });
});
