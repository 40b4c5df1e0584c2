/**
 * wav2vec2_graph_emissions: a Wav2Vec2ForCTC checkpoint (config.json + model.safetensors in the
 * folder kit.json's `models[model]` names) through the ONNX graph built in-process by core's
 * graph builder, then CTC emissions of an audio object, compared with transformers' goldens.
 * Fields: `model`, `audio`, `expected` array [frames, labels], `tolerance.abs`; optional `output`
 * ("log_softmax" default, or "logits"). Built graphs are cached under the OS temp folder.
 */
import { computeEmissions, loadWav2Vec2, releaseWav2Vec2 } from '@whisperx-ts/core';
import os from 'node:os';
import path from 'node:path';
import { readArray, type AudioRef } from '../kit.js';
import type { CaseHandler } from './types.js';

/** Stand-in hub cache folder: built graphs land in its parent's whisperx-ts/wav2vec2-onnx/. */
const GRAPH_CACHE = path.join(os.tmpdir(), 'whisperx-ts-conformance', 'hub');

export const wav2vec2GraphEmissions: CaseHandler = async (c, ctx, checks) => {
  const model = await loadWav2Vec2(ctx.modelDir(c.model as string), {
    format: 'safetensors',
    graphCacheDir: GRAPH_CACHE,
    threads: ctx.threads,
  });
  try {
    const output = c.output === 'logits' ? 'logits' : 'log_softmax';
    const [em] = await computeEmissions(model, [ctx.audio(c.audio as AudioRef)], { output, normalize: false });
    const expected = readArray(ctx.kit, c.expected as string);
    checks.equal('shape', [em.frames, em.labels], expected.shape);
    checks.close('emissions', em.data, expected.data as Float32Array, {
      abs: (c.tolerance as { abs?: number } | undefined)?.abs ?? 1e-3,
    });
  } finally {
    await releaseWav2Vec2(model);
  }
};
