/**
 * The VAD stage: speech regions of one audio, merged into windows of at most chunkSize
 * seconds (WhisperX's merge_chunks), or fixed windows when VAD is off. The Silero session is
 * opened once per pipeline and reused for every file.
 */
import { WhisperxError } from '../errors.js';
import { detectSpeech } from '../vad/index.js';
import { mergeChunks, type SpeechWindow } from '../vad/merge-chunks.js';
import { SileroVad } from '../vad/silero.js';
import type { VadMethod, VadStageOptions } from './options.js';

export interface SpeechDetector {
  readonly method: VadMethod;
  windows(
    audio: Float32Array,
    options: { chunkSize: number; signal?: AbortSignal; onProgress?: (f: number) => void },
  ): Promise<SpeechWindow[]>;
  release(): Promise<void>;
}

export async function createSpeechDetector(method: VadMethod, vad: VadStageOptions = {}): Promise<SpeechDetector> {
  if (method === 'pyannote') {
    throw new WhisperxError(
      'unavailable',
      '--vad_method pyannote is not available yet (it needs the pyannote segmentation ONNX model): use --vad_method silero (the default) or none.',
    );
  }
  const model = method === 'silero' ? await SileroVad.load() : undefined;
  return {
    method,
    async windows(audio, { chunkSize, signal, onProgress }) {
      const regions = await detectSpeech(audio, {
        method: method === 'none' ? 'none' : 'silero',
        model,
        chunkSize,
        threshold: vad.onset,
        minSpeechDurationMs: vad.minSpeechDurationMs,
        minSilenceDurationMs: vad.minSilenceDurationMs,
        speechPadMs: vad.speechPadMs,
        signal,
        onProgress,
      });
      onProgress?.(1);
      return mergeChunks(regions, chunkSize);
    },
    release: async () => model?.release(),
  };
}

export type { SpeechWindow };
