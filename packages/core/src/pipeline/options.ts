/**
 * Options of the transcription pipeline, with their defaults (WhisperX's, except where noted).
 * One typed object travels from the CLI / editors to the pipeline; nothing global.
 */
import type { OnnxDevice } from '../onnx/session.js';

export type Backend = 'auto' | 'onnx' | 'mlx';
export type ComputeType = 'default' | 'float32' | 'float16' | 'int8' | 'int4' | 'q4' | 'uint8' | 'bnb4';
export type VadMethod = 'silero' | 'pyannote' | 'none';

/** Decoding options for every window (see core/whisper for the policy). */
export interface AsrOptions {
  /** Temperatures tried in order; the next is used when a window fails the thresholds. Default [0, 0.2, ..., 1.0]. */
  temperature?: number[];
  /** Candidates sampled at temperature > 0. Default 5. */
  bestOf?: number;
  /** Beams at temperature 0 (1 = greedy). Default 5, as WhisperX. */
  beamSize?: number;
  /** Beam search patience. Default 1. */
  patience?: number;
  /** Length penalty (HF semantics: score / length**penalty). Default 1. */
  lengthPenalty?: number;
  /** Token ids to suppress; -1 = the model's list. Default [-1]. */
  suppressTokens?: number[];
  /** Suppress blank / EOT at the first step. Default true. */
  suppressBlank?: boolean;
  /** Suppress digits and currency symbols. Default false. */
  suppressNumerals?: boolean;
  /** Text prompted before the first window. */
  initialPrompt?: string;
  /** Words to favour, prompted like faster-whisper's hotwords. */
  hotwords?: string;
  /** Prompt each window with the previous window's text. Default false (WhisperX). */
  conditionOnPreviousText?: boolean;
  /** Gzip compression ratio above which a window is retried hotter. Default 2.4; null = no such check. */
  compressionRatioThreshold?: number | null;
  /** Average log-probability below which a window is retried hotter. Default -1; null = no such check. */
  logprobThreshold?: number | null;
  /** No-speech probability above which (with a low logprob) a window is silent. Default 0.6; null = off. */
  noSpeechThreshold?: number | null;
  /** Max tokens generated per window. Default: the model's context allows (448 - prompt). */
  maxNewTokens?: number;
  /** Decode without timestamp tokens (WhisperX's batched mode). Default true. */
  withoutTimestamps?: boolean;
  /** Most decoder rows (windows x beams) per pass. Default: caches within max(1 GiB, the model's weights). */
  maxDecoderRows?: number;
  /**
   * Seed of the sampling that the temperature fallback does (windows retried at temperature > 0):
   * the same seed, options and batches give the same transcript. Default: unseeded, as WhisperX.
   */
  seed?: number;
}

export interface VadStageOptions {
  /** Speech onset threshold. Default 0.5. */
  onset?: number;
  /** Speech offset threshold (pyannote hysteresis; Silero's negative threshold when set lower than onset - 0.15 is not wanted). Default 0.363. */
  offset?: number;
  /** Minimum speech duration in ms (silero). Default 250. */
  minSpeechDurationMs?: number;
  /** Minimum silence in ms that ends speech (silero). Default 100. */
  minSilenceDurationMs?: number;
  /**
   * Padding around speech in ms (silero). Default 400 (`PIPELINE_SPEECH_PAD_MS`, faster-whisper's),
   * not Silero's and WhisperX's 30: with real Whisper weights 30 ms clips word onsets ("star" heard
   * as "darr", "seventy" as "7D", "SIP" as "ship" on Debian's asterisk prompts).
   */
  speechPadMs?: number;
  /**
   * Where Silero runs on file-backed audio: `worker` (its own thread, beside Whisper's sessions:
   * measured 11% faster on a 2-hour file with tiny, ~65 MB more peak memory), `caller` (taking
   * turns with Whisper on the calling thread; same windows). Default `auto`: worker when the
   * machine has more than 2 CPU cores, else caller, which keeps a 2-hour tiny run under 1 GB.
   */
  thread?: 'auto' | 'worker' | 'caller';
}

export interface AlignStageOptions {
  /** Alignment model: hub repo id or local folder. Default: the table's model for the language. */
  modelName?: string;
  /** How words without a time get one. Default 'nearest'. */
  interpolateMethod?: 'nearest' | 'linear' | 'ignore';
  /** Keep character timings. Default false. */
  returnCharAlignments?: boolean;
}

export interface DiarizeStageOptions {
  /** Diarization pipeline (see diarize/pipeline-source.ts). Default 'pyannote/speaker-diarization-community-1'. */
  modelName?: string;
  /** Speaker-embedding model repo / folder. Default: the table's. */
  embeddingModel?: string;
  numSpeakers?: number;
  minSpeakers?: number;
  maxSpeakers?: number;
  /** Return per-speaker embeddings in the result. Default false. */
  returnEmbeddings?: boolean;
  /**
   * Give words and segments that overlap no speaker turn the nearest turn's speaker. Default
   * true (WhisperX's fill_nearest defaults to false, which leaves such words unlabelled).
   */
  fillNearest?: boolean;
}

export interface PipelineOptions {
  /** Whisper model: a name (tiny ... large-v3-turbo, .en), a hub repo id or a local folder. Default 'small'. */
  model?: string;
  /** Model executor. Default 'auto' (MLX on Apple Silicon when installed, else ONNX). */
  backend?: Backend;
  /** onnxruntime device. Default 'cpu'. */
  device?: OnnxDevice;
  deviceIndex?: number;
  /** Precision / file variant. Default 'default' (float32 on CPU). */
  computeType?: ComputeType;
  /** CPU threads (0 = all). Default 0. */
  threads?: number;
  /** Hugging Face cache folder. Default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub. */
  cacheDir?: string;
  /** Use the cache only. Default: HF_HUB_OFFLINE. */
  localFilesOnly?: boolean;
  /** Hugging Face token for gated repos. Default HF_TOKEN. */
  hfToken?: string;
  /** Language code; detected when absent. */
  language?: string;
  /** Default 'transcribe'. */
  task?: 'transcribe' | 'translate';
  /** Windows decoded together. Default 8. */
  batchSize?: number;
  /** Max seconds per window. Default 30. */
  chunkSize?: number;
  /** Default 'silero' (shipped; WhisperX's default pyannote needs a download). */
  vadMethod?: VadMethod;
  vadOptions?: VadStageOptions;
  asrOptions?: AsrOptions;
  /** Word alignment; false skips it. Default {} (on). */
  align?: AlignStageOptions | false;
  /** Diarization; false skips it. Default false. */
  diarize?: DiarizeStageOptions | false;
  /** Speech windows used for language detection. Default 3. */
  languageDetectionWindows?: number;
  /** Segments after alignment: sentences, or the ASR chunks. Default 'sentence'. */
  segmentResolution?: 'sentence' | 'chunk';
  /**
   * Decoded audio (a temporary file, or memory without ffmpeg) kept between stages for alignment
   * and diarization, up to this many seconds over all files (at most 1 h of it in memory);
   * beyond, the later stage decodes the file again. Audio read in place (16 kHz 16-bit WAV) is
   * always kept. Default 14400 (4 h: 0.9 GB of temporary files).
   */
  keepDecodedAudioSeconds?: number;
}
