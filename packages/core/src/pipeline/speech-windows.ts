/**
 * The VAD stage: speech regions of one audio, merged into windows of at most chunkSize
 * seconds (WhisperX's merge_chunks), or fixed windows when VAD is off. The VAD model (Silero,
 * or pyannote segmentation-3.0 from the hub cache) is opened once per pipeline and reused for
 * every file.
 */
import { availableParallelism } from 'node:os';
import { resolveModel, SEGMENTATION_FILES } from '../diarize/pipeline.js';
import type { SampleSource } from '../audio/sample-source.js';
import type { OnnxDevice } from '../onnx/session.js';
import { detectSpeechWindowStream } from '../vad/index.js';
import { canRunVadInWorker, sileroWindowsInWorker } from '../vad/silero-worker-client.js';
import { mergeChunks, type SpeechWindow } from '../vad/merge-chunks.js';
import { DEFAULT_PYANNOTE_VAD_REPO, PyannoteSegmentationVad } from '../vad/pyannote-segmentation-vad.js';
import { SileroVad, sileroModelPath } from '../vad/silero.js';
import { resolveFirstRepoFile } from './diarize-stage.js';
import type { VadMethod, VadStageOptions } from './options.js';

/**
 * Silero's speech padding in the pipeline: 400 ms each side (faster-whisper's), not the library's
 * and WhisperX's 30 ms, which cuts the first phoneme of words that start softly. Measured with real
 * Whisper base, greedy, on 50 asterisk prompts: English WER 10.0% at 30 ms, 7.1% at 200 and 400 ms;
 * Spanish 35.1% at 200 ms, 32.6% at 400 ms.
 */
export const PIPELINE_SPEECH_PAD_MS = 400;

/** Options of one VAD pass. */
export interface SpeechPassOptions {
  chunkSize: number;
  signal?: AbortSignal;
  onProgress?: (f: number) => void;
}

export interface SpeechDetector {
  readonly method: VadMethod;
  /** Every window of the audio. */
  windows(audio: SampleSource, options: SpeechPassOptions): Promise<SpeechWindow[]>;
  /** The same windows, each yielded as soon as it is final (Silero: while the VAD is still reading). */
  stream(audio: SampleSource, options: SpeechPassOptions): AsyncIterable<SpeechWindow>;
  release(): Promise<void>;
}

/** Collect a window stream. */
async function collect(stream: AsyncIterable<SpeechWindow>): Promise<SpeechWindow[]> {
  const out: SpeechWindow[] = [];
  for await (const w of stream) out.push(w);
  return out;
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
    const windows = async (audio: SampleSource, { chunkSize, signal, onProgress }: SpeechPassOptions) => {
      const regions = await model.speechRegions(audio, {
        onset: vad.onset,
        offset: vad.offset,
        chunkSize,
        signal,
        onProgress,
      });
      onProgress?.(1);
      return mergeChunks(regions, chunkSize);
    };
    return {
      method,
      windows,
      async *stream(audio, options) {
        yield* await windows(audio, options);
      },
      release: () => model.release(),
    };
  }
  // The caller-thread Silero session is opened on first use: with file-backed audio the VAD runs
  // on a worker thread that opens its own (an idle session here would cost ~10-40 MB).
  const thread = vad.thread ?? 'auto';
  const useWorker = thread === 'worker' || (thread === 'auto' && availableParallelism() > 2);
  let model: SileroVad | undefined;
  let loading: Promise<SileroVad> | undefined;
  const modelPath = sileroModelPath('v6.2');
  const settings = {
    method: method === 'none' ? ('none' as const) : ('silero' as const),
    threshold: vad.onset,
    minSpeechDurationMs: vad.minSpeechDurationMs,
    minSilenceDurationMs: vad.minSilenceDurationMs,
    speechPadMs: vad.speechPadMs ?? PIPELINE_SPEECH_PAD_MS,
  };
  async function* stream(audio: SampleSource, { chunkSize, signal, onProgress }: SpeechPassOptions) {
    if (method === 'silero' && useWorker && canRunVadInWorker(audio)) {
      // Silero on its own thread, beside Whisper's sessions (same windows as in this thread).
      const vadOptions = { ...settings, chunkSize };
      yield* sileroWindowsInWorker(audio, { modelPath, vad: vadOptions, signal, onProgress });
    } else {
      if (method === 'silero') model = await (loading ??= SileroVad.load({ modelPath }));
      yield* detectSpeechWindowStream(audio, { ...settings, model, chunkSize, signal, onProgress });
    }
    onProgress?.(1);
  }
  return {
    method,
    windows: (audio, options) => collect(stream(audio, options)),
    stream,
    release: async () => {
      const loaded = await loading?.catch(() => undefined);
      await loaded?.release();
    },
  };
}
