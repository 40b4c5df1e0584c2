/**
 * Word-level timestamps by forced alignment, as WhisperX's load_align_model() + align():
 * per segment, the audio [int(start * 16000), int(end * 16000)) goes through a wav2vec2 CTC
 * model (batched, see wav2vec2.ts), and segment-align.ts turns its emissions into sentences,
 * words and characters with times. Segments that cannot be aligned (no alignable characters,
 * start past the end of the audio, failed path) are kept with their original times and no words.
 */
import { asSampleSource, type AudioInput } from '../audio/sample-source.js';
import { existsSync, statSync } from 'node:fs';
import { WhisperxError, throwIfAborted } from '../errors.js';
import type { OnnxDevice } from '../onnx/session.js';
import type { TranscriptSegment, WordTiming } from '../transcript.js';
import type { InterpolateMethod } from './interpolate.js';
import { defaultAlignModel } from './model-table.js';
import { alignSegmentOnEmissions, unalignedSegment } from './segment-align.js';
import { cleanText } from './text-clean.js';
import type { SentenceSplitOptions } from './sentence-split.js';
import { computeEmissions, loadWav2Vec2, releaseWav2Vec2, type Wav2Vec2Model } from './wav2vec2.js';

/** Sample rate of the audio given to align(). */
export const ALIGN_SAMPLE_RATE = 16000;

/**
 * Hub file resolver, the signature of packages/core/src/hub resolveRepoFile: returns the local
 * path of `path` in repo `repoId`, downloading into the Hugging Face cache when allowed.
 */
export type ResolveRepoFile = (
  repoId: string,
  path: string,
  opts: { cacheDir?: string; localFilesOnly?: boolean },
) => Promise<string>;

export interface LoadAlignModelOptions {
  /** Local folder or hub repo id (with onnx/model.onnx). Default: the language's table entry. */
  modelName?: string;
  /** Hugging Face cache folder. Default: the hub client's default (HF_HOME / ~/.cache/huggingface/hub). */
  cacheDir?: string;
  /** Never download. Default false. */
  localFilesOnly?: boolean;
  /** Execution device. Default 'cpu'. */
  device?: OnnxDevice;
  /** Intra-op threads (0 = onnxruntime default). Default 0. */
  threads?: number;
  /** ONNX file in the repo (e.g. 'onnx/model_quantized.onnx'). Default 'onnx/model.onnx'. */
  onnxFile?: string;
  /** Hub resolver used for repo ids. TODO(lead): wire packages/core/src/hub resolveRepoFile here by default. */
  resolveRepoFile?: ResolveRepoFile;
}

/** A loaded alignment model and the language it aligns. */
export interface AlignModel {
  language: string;
  /** Folder or repo id. */
  source: string;
  wav2vec2: Wav2Vec2Model;
}

/** Load the alignment model for `language` (WhisperX's load_align_model). */
export async function loadAlignModel(language: string, options: LoadAlignModelOptions = {}): Promise<AlignModel> {
  const entry = options.modelName ? undefined : defaultAlignModel(language);
  const source = options.modelName ?? entry!.repo;
  const isFolder = existsSync(source) && statSync(source).isDirectory();
  let resolveFile: ((p: string) => Promise<string>) | undefined;
  if (!isFolder) {
    const resolver = options.resolveRepoFile;
    if (!resolver) {
      throw new WhisperxError(
        'model',
        `--align_model ${source}: not a local folder, and no hub resolver was given to fetch it. ` +
          'Pass a folder holding config.json, vocab.json, preprocessor_config.json and onnx/model.onnx.',
      );
    }
    resolveFile = (p) => resolver(source, p, { cacheDir: options.cacheDir, localFilesOnly: options.localFilesOnly });
  }
  const wav2vec2 = await loadWav2Vec2(source, {
    device: options.device,
    threads: options.threads,
    onnxFile: options.onnxFile ?? entry?.onnxFile,
    resolveFile,
  });
  if (entry?.normalize !== undefined) wav2vec2.doNormalize = entry.normalize;
  return { language, source, wav2vec2 };
}

export async function releaseAlignModel(model: AlignModel): Promise<void> {
  await releaseWav2Vec2(model.wav2vec2);
}

export interface AlignOptions {
  /** How words without a time get one: 'nearest' | 'linear' | 'ignore'. Default 'nearest'. */
  interpolateMethod?: InterpolateMethod;
  /** Add per-character times (`chars`) to each segment. Default false. */
  returnCharAlignments?: boolean;
  /** Segments per model forward pass. Default 8. */
  batchSize?: number;
  /** Padding allowed inside a batch, as a fraction of its longest segment; 0 = exact. Default 0. */
  maxPaddingRatio?: number;
  /** Normalise each segment's audio. Default: the model's preprocessor_config do_normalize. */
  normalize?: boolean;
  /** Sentence splitter options (abbreviations). */
  sentence?: SentenceSplitOptions;
  /** Cancels between batches and segments. */
  signal?: AbortSignal;
  /** Percent of segments done (0..100), after each segment. */
  onProgress?: (percent: number) => void;
}

export interface AlignResult {
  segments: TranscriptSegment[];
  word_segments: WordTiming[];
}

/** Segments handled per round of emissions (bounds the memory held by emissions). */
const SEGMENTS_PER_ROUND = 64;

/** Align `segments` (times in seconds of `audio`, 16 kHz mono: samples or a source read per segment) with `model`. */
export async function align(
  segments: readonly TranscriptSegment[],
  model: AlignModel,
  input: AudioInput,
  options: AlignOptions = {},
): Promise<AlignResult> {
  const audio = asSampleSource(input);
  const maxDuration = audio.length / ALIGN_SAMPLE_RATE;
  const w2v = model.wav2vec2;
  const segOptions = {
    dictionary: w2v.dictionary,
    blank: w2v.blank,
    language: model.language,
    interpolateMethod: options.interpolateMethod ?? 'nearest',
    returnCharAlignments: options.returnCharAlignments ?? false,
    sentence: options.sentence,
  };
  const out: TranscriptSegment[] = [];
  for (let r0 = 0; r0 < segments.length; r0 += SEGMENTS_PER_ROUND) {
    throwIfAborted(options.signal);
    const round = segments.slice(r0, r0 + SEGMENTS_PER_ROUND);
    // WhisperX skips the model for segments with nothing to align or starting past the audio's end
    const runnable = round.map(
      (s) => s.start < maxDuration && cleanText(s.text, w2v.dictionary, model.language, w2v.blank).tokens.length > 0,
    );
    const waves = round
      .filter((_, i) => runnable[i])
      .map((s) =>
        audio.read(Math.trunc(s.start * ALIGN_SAMPLE_RATE), Math.max(0, Math.trunc(s.end * ALIGN_SAMPLE_RATE))),
      );
    const emissions = await computeEmissions(w2v, waves, {
      batchSize: options.batchSize,
      maxPaddingRatio: options.maxPaddingRatio,
      normalize: options.normalize,
      signal: options.signal,
    });
    let e = 0;
    round.forEach((segment, i) => {
      if (!runnable[i]) out.push(unalignedSegment(segment, segOptions.returnCharAlignments));
      else {
        out.push(...alignSegmentOnEmissions(segment, emissions[e++], segOptions).segments);
      }
      options.onProgress?.(((r0 + i + 1) / segments.length) * 100);
    });
  }
  const word_segments: WordTiming[] = [];
  for (const s of out) word_segments.push(...(s.words ?? []));
  return { segments: out, word_segments };
}
