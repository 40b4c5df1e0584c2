/**
 * The VAD stage: speech regions of one audio, merged into windows of at most chunkSize
 * seconds (WhisperX's merge_chunks), or fixed windows when VAD is off. The VAD model (Silero,
 * or pyannote segmentation-3.0 from the hub cache) is opened once per pipeline and reused for
 * every file.
 */
import { resolveModel, SEGMENTATION_FILES } from '../diarize/pipeline.js';
import type { SampleSource } from '../audio/sample-source.js';
import type { OnnxDevice } from '../onnx/session.js';
import { detectSpeech } from '../vad/index.js';
import { mergeChunks, type SpeechWindow } from '../vad/merge-chunks.js';
import { DEFAULT_PYANNOTE_VAD_REPO, PyannoteSegmentationVad } from '../vad/pyannote-segmentation-vad.js';
import { SileroVad } from '../vad/silero.js';
import { resolveFirstRepoFile } from './diarize-stage.js';
import type { VadMethod, VadStageOptions } from './options.js';

export interface SpeechDetector {
  readonly method: VadMethod;
  windows(
    audio: SampleSource,
    options: { chunkSize: number; signal?: AbortSignal; onProgress?: (f: number) => void },
  ): Promise<SpeechWindow[]>;
  release(): Promise<void>;
}

/** Where the pyannote VAD model comes from (unused by silero and none). */
export interface SpeechDetectorHubOptions {
  /** Hugging Face cache folder. Default: the hub's (HF_HUB_CACHE / HF_HOME / ~/.cache/huggingface/hub). */
  cacheDir?: string;
  /** Never download; use the cache only. Default false (HF_HUB_OFFLINE also applies). */
  localFilesOnly?: boolean;
  /** Hugging Face token. Default none (HF_TOKEN applies). */
  hfToken?: string;
  /** pyannote segmentation model: .onnx file, folder holding one, or repo id. Default onnx-community/pyannote-segmentation-3.0. */
  modelName?: string;
  /** onnxruntime device of the pyannote model. Default 'cpu'. */
  device?: OnnxDevice;
  /** Cancels the model download. */
  signal?: AbortSignal;
}

/** Open the pyannote segmentation model for VAD, fetching it into the hub cache when needed. */
async function loadPyannoteVad(hub: SpeechDetectorHubOptions): Promise<PyannoteSegmentationVad> {
  const modelPath = await resolveModel(
    hub.modelName ?? DEFAULT_PYANNOTE_VAD_REPO,
    SEGMENTATION_FILES,
    'pyannote VAD segmentation',
    'modelName (pyannote VAD model)',
    { ...hub, resolveFile: (request) => resolveFirstRepoFile(request, hub.signal) },
  );
  return PyannoteSegmentationVad.load(modelPath, { device: hub.device });
}

export async function createSpeechDetector(
  method: VadMethod,
  vad: VadStageOptions = {},
  hub: SpeechDetectorHubOptions = {},
): Promise<SpeechDetector> {
  if (method === 'pyannote') {
    const model = await loadPyannoteVad(hub);
    return {
      method,
      async windows(audio, { chunkSize, signal, onProgress }) {
        const regions = await model.speechRegions(audio, {
          onset: vad.onset,
          offset: vad.offset,
          chunkSize,
          signal,
          onProgress,
        });
        onProgress?.(1);
        return mergeChunks(regions, chunkSize);
      },
      release: () => model.release(),
    };
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
