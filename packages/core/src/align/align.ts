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
import { isOffline, resolveCacheDir } from '../hub/hub-options.js';
import { loadRomanizer, type Romanizer } from './romanize.js';
import { isMmsName, MMS_ALIGN_MODEL, mmsLicenceNotice } from './mms.js';
import { defaultAlignModel, type AlignModelEntry } from './model-table.js';
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
  opts: { cacheDir?: string; localFilesOnly?: boolean; revision?: string; missingFix?: string },
) => Promise<string>;

export interface LoadAlignModelOptions {
  /**
   * Local folder, hub repo id (with onnx/model.onnx or model.safetensors), or 'mms' (the
   * multilingual MMS aligner, CC-BY-NC 4.0). Default: the language's table entry.
   */
  modelName?: string;
  /** Revision of a `modelName` repo id. Default: the table entry's, else 'main'. */
  revision?: string;
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
  /** One-line notices (the MMS licence on first download, a graph being built). Default: stderr. */
  log?: (line: string) => void;
}

/** A loaded alignment model and the language it aligns. */
export interface AlignModel {
  language: string;
  /** Folder or repo id. */
  source: string;
  wav2vec2: Wav2Vec2Model;
  /** Romanise text before tokenising (the MMS aligner). */
  romanize: boolean;
  /** The romaniser used when `romanize`. */
  romanizer?: Romanizer;
}

/** What to load: the table entry, the MMS aligner, or a user's repo / folder. */
interface AlignTarget {
  source: string;
  revision?: string;
  format: 'auto' | 'onnx' | 'safetensors';
  file?: string;
  normalize?: boolean;
  romanize: boolean;
}

function targetFor(language: string, options: LoadAlignModelOptions): AlignTarget {
  if (isMmsName(options.modelName)) {
    return {
      source: MMS_ALIGN_MODEL.repo,
      format: 'onnx',
      file: MMS_ALIGN_MODEL.file,
      revision: options.revision,
      romanize: true,
    };
  }
  if (options.modelName)
    return { source: options.modelName, revision: options.revision, format: 'auto', romanize: false };
  const entry: AlignModelEntry = defaultAlignModel(language);
  return {
    source: entry.repo,
    revision: entry.revision,
    format: entry.format === 'onnx' ? 'onnx' : 'safetensors',
    file: entry.file,
    normalize: entry.normalize,
    romanize: false,
  };
}

/** Load the alignment model for `language` (WhisperX's load_align_model). */
export async function loadAlignModel(language: string, options: LoadAlignModelOptions = {}): Promise<AlignModel> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const target = targetFor(language, options);
  const source = target.source;
  const isFolder = existsSync(source) && statSync(source).isDirectory();
  let resolveFile: ((p: string) => Promise<string>) | undefined;
  if (!isFolder) {
    const resolver = options.resolveRepoFile;
    if (!resolver) {
      throw new WhisperxError(
        'model',
        `--align_model ${source}: not a local folder, and no hub resolver was given to fetch it. ` +
          'Pass a folder holding config.json, vocab.json and model.safetensors or onnx/model.onnx.',
      );
    }
    if (target.romanize) {
      const notice = mmsLicenceNotice(options.cacheDir);
      if (notice && !isOffline({ localFilesOnly: options.localFilesOnly })) log(notice);
    }
    const missingFix =
      `alignment for language "${language}" needs ${source}: pass --align_model <local folder or cached repo>` +
      (options.modelName ? '' : ' (or --align_model mms)') +
      ', or --no_align';
    resolveFile = (p) =>
      resolver(source, p, {
        cacheDir: options.cacheDir,
        localFilesOnly: options.localFilesOnly,
        revision: target.revision,
        missingFix,
      });
  }
  const wav2vec2 = await loadWav2Vec2(source, {
    device: options.device,
    threads: options.threads,
    format: target.format,
    onnxFile: options.onnxFile ?? (target.format === 'onnx' ? target.file : undefined),
    weightsFile: target.format === 'safetensors' ? target.file : undefined,
    graphCacheDir: resolveCacheDir({ cacheDir: options.cacheDir }),
    log,
    resolveFile,
  });
  if (target.normalize !== undefined) wav2vec2.doNormalize = target.normalize;
  const romanizer = target.romanize ? await loadRomanizer() : undefined;
  return { language, source, wav2vec2, romanize: target.romanize, romanizer };
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
    romanizer: model.romanize ? model.romanizer : undefined,
  };
  const out: TranscriptSegment[] = [];
  for (let r0 = 0; r0 < segments.length; r0 += SEGMENTS_PER_ROUND) {
    throwIfAborted(options.signal);
    const round = segments.slice(r0, r0 + SEGMENTS_PER_ROUND);
    // WhisperX skips the model for segments with nothing to align or starting past the audio's end
    const runnable = round.map(
      (s) =>
        s.start < maxDuration &&
        cleanText(s.text, w2v.dictionary, model.language, w2v.blank, segOptions.romanizer).tokens.length > 0,
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
