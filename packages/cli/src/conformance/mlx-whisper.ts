/**
 * `pnpm conformance --backend mlx`: the kit's Whisper model on the MLX executor
 * (@whisperx-ts/native-mlx) at float32, so the same cases and tolerances judge both backends.
 */
import path from 'node:path';
import { createMlxExecutor, whisperModelFromExecutor, type WhisperModel } from '@whisperx-ts/core';
import type { KitCase } from './kit.js';

/** Backends the runner can put the kit's Whisper model on. */
export type ConformanceBackend = 'onnx' | 'mlx';

/** The kit's Whisper folder (Hugging Face layout: config, tokenizer, model.safetensors) on MLX. */
export function loadMlxWhisper(dir: string): Promise<WhisperModel> {
  const j = (f: string) => path.join(dir, f);
  return whisperModelFromExecutor(
    {
      config: j('config.json'),
      generationConfig: j('generation_config.json'),
      tokenizer: j('tokenizer.json'),
      tokenizerConfig: j('tokenizer_config.json'),
    },
    () => createMlxExecutor(dir, { dtype: 'float32' }),
  );
}

/** Cases whose result depends on the Whisper executor: the ones a backend run repeats. */
export function usesWhisperExecutor(c: KitCase): boolean {
  return c.model === 'whisper' && c.kind !== 'tokenizer';
}

/** The encoder states of an executor that exposes them (ONNX: sync, MLX: a promise). */
export async function encoderStatesOf(
  executor: WhisperModel['executor'],
  encoded: Parameters<WhisperModel['executor']['startDecode']>[0],
): Promise<Float32Array> {
  const e = executor as {
    encodedStates?: (b: typeof encoded) => Float32Array;
    encoderStates?: (b: typeof encoded) => Promise<Float32Array>;
  };
  if (e.encodedStates) return e.encodedStates(encoded);
  if (e.encoderStates) return e.encoderStates(encoded);
  throw new Error(`the encoder case needs an executor that exposes encoder states (${executor.name} does not)`);
}
