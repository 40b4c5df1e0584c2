/**
 * `loadModel(name, options)`: resolve the Whisper model (hub cache or folder), pick the backend,
 * open the VAD, and return a pipeline whose `transcribe(audio, options)` streams segments.
 */
import { resolveWhisperFiles } from '../hub/whisper-files.js';
import type { DownloadProgress } from '../hub/hub-options.js';
import type { TranscriptResult, TranscriptSegment } from '../transcript.js';
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { loadWhisper, whisperModelFromExecutor } from '../whisper/load-whisper.js';
import type { WhisperModel } from '../whisper/whisper-model.js';
import { assertMlxAvailable, createMlxExecutor, pickBackend, type MlxLoadOptions } from '../backends/mlx-backend.js';
import { WHISPER_SAFETENSORS_FILES, whisperSafetensorsRepo } from '../hub/model-table.js';
import { looksLikeLocalPath } from '../hub/repo-files.js';
import { snapshotFiles } from '../hub/resolve-file.js';
import { transcribeWindows, type TranscribeOptions } from './asr-pipeline.js';
import type { PipelineOptions } from './options.js';
import { StreamingRun } from './run-handle.js';
import { asSampleSource, openAudioSource, type AudioInput, type SampleSource } from '../audio/sample-source.js';
import { createSpeechDetector, type SpeechDetector } from './speech-windows.js';

export type LoadModelOptions = Omit<PipelineOptions, 'model' | 'align' | 'diarize' | 'segmentResolution'> & {
  /** Download progress of model files. */
  onDownload?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
};

export interface PipelineTranscribeOptions extends TranscribeOptions {
  /** Max seconds per window. Default: the pipeline's chunkSize (30). */
  chunkSize?: number;
  /** VAD progress (0..1); `onProgress` reports the ASR part. */
  onVadProgress?: (fraction: number) => void;
}

export interface AsrPipeline {
  readonly model: WhisperModel;
  /** The model name / repo / folder it was loaded from. */
  readonly modelName: string;
  readonly backend: 'onnx' | 'mlx';
  /**
   * Transcribe 16 kHz mono audio (samples, a source, or a media file's path, which is read by
   * range and never held whole): iterate for segments as they finish, or await the result.
   */
  transcribe(
    audio: AudioInput | string,
    options?: PipelineTranscribeOptions,
  ): StreamingRun<TranscriptSegment, TranscriptResult>;
  /** Free the model and the VAD. */
  dispose(): Promise<void>;
}

/** Map the pipeline's compute types onto the ONNX file variants. */
function onnxComputeType(computeType: PipelineOptions['computeType']): string {
  switch (computeType ?? 'default') {
    case 'default':
    case 'float32':
      return 'float32';
    case 'int4':
      return 'q4';
    default:
      return computeType as string;
  }
}

/**
 * Map the pipeline's compute types onto MLX: float16 / bfloat16 / float32 as asked; int8 / int4
 * quantize the linear layers at load (MLX's quantized matmuls) over the default float dtype;
 * 'default' leaves the dtype to native-mlx (float16 on Apple Silicon's GPU, float32 on CPU).
 */
export function mlxComputeType(
  computeType: PipelineOptions['computeType'],
): Pick<MlxLoadOptions, 'dtype' | 'quantBits'> {
  switch (computeType ?? 'default') {
    case 'default':
      return { quantBits: 0 };
    case 'float32':
    case 'float16':
      return { dtype: computeType as 'float32' | 'float16', quantBits: 0 };
    case 'int8':
      return { quantBits: 8 };
    case 'int4':
    case 'q4':
      return { quantBits: 4 };
    default:
      throw new WhisperxError(
        'usage',
        `--compute_type ${String(computeType)} has no MLX form; with --backend mlx use default, float32, float16, int8 or int4.`,
      );
  }
}

/** The MLX executor over a Hugging Face safetensors checkpoint (a folder, a name or a repo id). */
async function loadMlxModel(name: string, options: LoadModelOptions): Promise<WhisperModel> {
  // Say that MLX is missing before resolving (and, online, downloading) the checkpoint.
  await assertMlxAvailable();
  const hub = {
    cacheDir: options.cacheDir,
    localFilesOnly: options.localFilesOnly,
    token: options.hfToken,
    signal: options.signal,
    onProgress: options.onDownload,
  };
  let dir = name;
  if (!looksLikeLocalPath(name)) {
    const repo = whisperSafetensorsRepo(name) ?? name;
    const files = await snapshotFiles(repo, WHISPER_SAFETENSORS_FILES, hub);
    dir = path.dirname(files.get('config.json')!);
  }
  const j = (f: string) => path.join(dir, f);
  const { dtype, quantBits } = mlxComputeType(options.computeType);
  return whisperModelFromExecutor(
    {
      config: j('config.json'),
      generationConfig: j('generation_config.json'),
      tokenizer: j('tokenizer.json'),
      tokenizerConfig: j('tokenizer_config.json'),
    },
    () => createMlxExecutor(dir, { dtype, quantBits }),
  );
}

export async function loadModel(name: string, options: LoadModelOptions = {}): Promise<AsrPipeline> {
  const backend = await pickBackend(options.backend ?? 'auto');
  let model: WhisperModel;
  if (backend === 'mlx') {
    model = await loadMlxModel(name, options);
  } else {
    const files = await resolveWhisperFiles(name, {
      computeType: onnxComputeType(options.computeType),
      cacheDir: options.cacheDir,
      localFilesOnly: options.localFilesOnly,
      token: options.hfToken,
      signal: options.signal,
      onProgress: options.onDownload,
    });
    model = await loadWhisper(files, { device: options.device, threads: options.threads });
  }
  let vad: SpeechDetector;
  try {
    vad = await createSpeechDetector(options.vadMethod ?? 'silero', options.vadOptions, {
      cacheDir: options.cacheDir,
      localFilesOnly: options.localFilesOnly,
      hfToken: options.hfToken,
      device: options.device,
      signal: options.signal,
    });
  } catch (error) {
    await model.dispose();
    throw error;
  }
  const defaults = options;
  return {
    model,
    modelName: name,
    backend,
    transcribe(audio, t = {}) {
      const chunkSize = t.chunkSize ?? defaults.chunkSize ?? 30;
      const run = (source: SampleSource) =>
        transcribeWindows(
          model,
          source,
          // The VAD stops with the caller's signal, or as soon as the transcription ends early.
          (stop) =>
            vad.stream(source, {
              chunkSize,
              signal: t.signal ? AbortSignal.any([t.signal, stop]) : stop,
              onProgress: t.onVadProgress,
            }),
          {
            batchSize: t.batchSize ?? defaults.batchSize,
            language: t.language ?? defaults.language,
            task: t.task ?? defaults.task,
            languageDetectionWindows: t.languageDetectionWindows ?? defaults.languageDetectionWindows,
            asrOptions: t.asrOptions ?? defaults.asrOptions,
            signal: t.signal,
            onProgress: t.onProgress,
          },
        );
      if (typeof audio !== 'string') return run(asSampleSource(audio));
      // A path: opened here (read in place or decoded to a temporary file), closed when done.
      return new StreamingRun(async (emit) => {
        const source = await openAudioSource(audio, { signal: t.signal });
        try {
          const inner = run(source);
          for await (const segment of inner) emit(segment);
          return await inner;
        } finally {
          await source.close();
        }
      });
    },
    async dispose() {
      await Promise.allSettled([model.dispose(), vad.release()]);
    },
  };
}
