/**
 * `loadModel(..., { backend: 'mlx' })`: the compute-type mapping, the availability check that comes
 * before any model resolution, and (where native-mlx is built) a real transcription of jfk.wav on
 * the kit model at float32 and through MLX's 8- and 4-bit quantized matmuls.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel, mlxComputeType } from '../pipeline/load-model.js';
import { assertMlxAvailable } from './mlx-backend.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const kitDir = process.env.WHISPERX_KIT_DIR ?? path.resolve(repoRoot, '../shared/conformance');
const modelDir = path.join(kitDir, 'whisper-mini');
const mlx = await assertMlxAvailable().then(
  () => true,
  () => false,
);

describe('mlxComputeType', () => {
  it('maps compute types onto MLX dtypes and quantization, refusing the ONNX-only ones', () => {
    expect(mlxComputeType(undefined)).toEqual({ quantBits: 0 });
    expect(mlxComputeType('default')).toEqual({ quantBits: 0 });
    expect(mlxComputeType('float32')).toEqual({ dtype: 'float32', quantBits: 0 });
    expect(mlxComputeType('float16')).toEqual({ dtype: 'float16', quantBits: 0 });
    expect(mlxComputeType('int8')).toEqual({ quantBits: 8 });
    expect(mlxComputeType('int4')).toEqual({ quantBits: 4 });
    expect(() => mlxComputeType('bnb4')).toThrow('--compute_type bnb4 has no MLX form');
  });
});

describe.runIf(mlx && existsSync(path.join(modelDir, 'model.safetensors')))('loadModel with backend mlx', () => {
  it('transcribes jfk.wav on float32 by default on the CPU, and with int8 / int4', async () => {
    const audio = path.join(kitDir, 'audio', 'jfk.wav');
    const texts: Record<string, string> = {};
    for (const computeType of ['default', 'int8', 'int4'] as const) {
      const asr = await loadModel(modelDir, { backend: 'mlx', computeType, vadMethod: 'none', batchSize: 2 });
      try {
        expect(asr.backend).toBe('mlx');
        const expectedName = { default: 'mlx:cpu:float32', int8: 'mlx:cpu:float32:q8', int4: 'mlx:cpu:float32:q4' };
        if (process.platform === 'linux') expect(asr.model.executor.name).toBe(expectedName[computeType]);
        const result = await asr.transcribe(audio, {
          language: 'en',
          asrOptions: { maxNewTokens: 24, temperature: [0] },
        });
        texts[computeType] = result.segments.map((s) => s.text).join('');
        expect(result.segments.length).toBeGreaterThan(0);
      } finally {
        await asr.dispose();
      }
    }
    expect(texts.default.length).toBeGreaterThan(0);
    expect(texts.int8.length).toBeGreaterThan(0);
    expect(texts.int4.length).toBeGreaterThan(0);
  }, 120_000);
});
