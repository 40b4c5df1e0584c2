/**
 * `transcribeFiles`: the one call the CLI and both editor integrations use. Stage-major over
 * many files, as WhisperX does: all ASR first, then the ASR model is freed, then alignment,
 * then diarization, so only one large model is resident at a time. Each file is reported done
 * (onFileDone) as soon as its last stage finishes.
 */
import { align, loadAlignModel, releaseAlignModel, type AlignModel } from '../align/align.js';
import { checkMediaFile } from '../audio/load-audio.js';
import { openAudioSource, type SampleSource } from '../audio/sample-source.js';
import { throwIfAborted, WhisperxError } from '../errors.js';
import { resolveRepoFile } from '../hub/resolve-file.js';
import type { TranscriptResult, TranscriptSegment } from '../transcript.js';
import { loadModel } from './load-model.js';
import type { PipelineOptions } from './options.js';
import { ProgressTracker, type ProgressCallback, type StageName } from './progress.js';
import { diarizeStage } from './diarize-stage.js';

const SAMPLE_RATE = 16000;
/** Decoded audio kept between stages by default (PipelineOptions.keepDecodedAudioSeconds), and at most in memory. */
const KEEP_SECONDS = 4 * 3600;
const KEEP_IN_MEMORY_SECONDS = 3600;

export interface FileResult {
  /** The input path as given. */
  file: string;
  result: TranscriptResult;
  /** Audio duration in seconds. */
  duration: number;
}

export interface TranscribeFilesCallbacks {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Human-readable notes (warnings such as "no alignment model for xx"). */
  onLog?: (line: string) => void;
  /** Each ASR segment as soon as its batch is decoded. */
  onSegment?: (file: string, segment: TranscriptSegment) => void;
  /** A file has passed its last stage; awaited before the next file's last stage. */
  onFileDone?: (done: FileResult) => void | Promise<void>;
}

interface FileState {
  file: string;
  /** The file's audio while a later stage may need it (read by range, never whole). */
  source?: SampleSource;
  duration: number;
  result?: TranscriptResult;
}

export async function transcribeFiles(
  files: readonly string[],
  options: PipelineOptions = {},
  callbacks: TranscribeFilesCallbacks = {},
): Promise<FileResult[]> {
  const { signal } = callbacks;
  if (files.length === 0) throw new WhisperxError('usage', 'No input files: pass one or more media files.');
  // Cheap checks first: a missing input fails before any model is downloaded.
  for (const file of files) await checkMediaFile(file);

  const alignOptions = options.align === undefined ? {} : options.align;
  const diarizeOptions = options.diarize ?? false;
  const stages: StageName[] = ['load', 'decode', 'vad', 'asr'];
  if (alignOptions) stages.push('align');
  if (diarizeOptions) stages.push('diarize');
  const progress = new ProgressTracker(callbacks.onProgress, stages, files);
  const lastStage = stages[stages.length - 1];
  const states: FileState[] = files.map((file) => ({ file, duration: 0 }));
  const keepSeconds = Math.max(0, options.keepDecodedAudioSeconds ?? KEEP_SECONDS);
  const keepLimit = {
    temp: keepSeconds * SAMPLE_RATE,
    memory: Math.min(keepSeconds, KEEP_IN_MEMORY_SECONDS) * SAMPLE_RATE,
  };
  const keptSamples = (storage: SampleSource['storage']) =>
    states.reduce((n, x) => n + (x.source?.storage === storage ? x.source.length : 0), 0);
  /** After a stage: close the file's audio unless a later stage needs it and it may be kept. */
  const afterStage = async (s: FileState, stage: StageName) => {
    const source = s.source;
    if (!source) return;
    const keep =
      stage !== lastStage && (source.storage === 'input' || keptSamples(source.storage) <= keepLimit[source.storage]);
    if (keep) return;
    s.source = undefined;
    await source.close();
  };
  const audioOf = async (s: FileState, index: number, stage: StageName) => {
    if (s.source) return s.source;
    progress.report(stage, index, 0, 'decoding audio again');
    s.source = await openAudioSource(s.file, { signal });
    return s.source;
  };
  const finish = async (s: FileState) => {
    await callbacks.onFileDone?.({ file: s.file, result: s.result!, duration: s.duration });
  };

  try {
    return await runStages();
  } finally {
    await Promise.allSettled(states.map((s) => s.source?.close()));
  }

  async function runStages(): Promise<FileResult[]> {
    // Stage 1: ASR for every file.
    progress.report('load', 0, 0, `loading ${options.model ?? 'small'}`);
    const asr = await loadModel(options.model ?? 'small', {
      ...options,
      signal,
      onDownload: (d) => progress.report('load', 0, d.total ? d.bytes / d.total : 0, `downloading ${d.file}`),
    });
    try {
      for (let i = 0; i < states.length; i++) {
        const s = states[i];
        throwIfAborted(signal);
        progress.report('decode', i, 0);
        const audio = await openAudioSource(s.file, { signal, onProgress: progress.step('decode', i) });
        s.source = audio;
        s.duration = audio.length / SAMPLE_RATE;
        progress.report('decode', i, 1);
        const run = asr.transcribe(audio, {
          batchSize: options.batchSize,
          chunkSize: options.chunkSize,
          signal,
          onVadProgress: progress.step('vad', i),
          onProgress: progress.step('asr', i),
        });
        for await (const segment of run) callbacks.onSegment?.(s.file, segment);
        s.result = await run;
        await afterStage(s, 'asr');
        if (lastStage === 'asr') await finish(s);
      }
    } finally {
      await asr.dispose();
    }

    // Stage 2: alignment, one model per language.
    if (alignOptions) {
      const byLanguage = new Map<string, number[]>();
      states.forEach((s, i) => byLanguage.set(s.result!.language, [...(byLanguage.get(s.result!.language) ?? []), i]));
      for (const [language, indices] of byLanguage) {
        throwIfAborted(signal);
        let model: AlignModel | undefined;
        try {
          model = await loadAlignModel(language, {
            modelName: alignOptions.modelName,
            cacheDir: options.cacheDir,
            localFilesOnly: options.localFilesOnly,
            device: options.device,
            threads: options.threads,
            resolveRepoFile: (repo, file, o) => resolveRepoFile(repo, file, { ...o, token: options.hfToken, signal }),
            log: callbacks.onLog,
          });
        } catch (error) {
          // WhisperX keeps the unaligned transcript when a language has no default aligner.
          if (alignOptions.modelName !== undefined) throw error;
          callbacks.onLog?.(`warning: ${(error as Error).message} Keeping segment-level times for ${language}.`);
        }
        try {
          for (const i of indices) {
            const s = states[i];
            if (model && s.result!.segments.length > 0) {
              const audio = await audioOf(s, i, 'align');
              const aligned = await align(s.result!.segments, model, audio, {
                interpolateMethod: alignOptions.interpolateMethod,
                returnCharAlignments: alignOptions.returnCharAlignments,
                signal,
                onProgress: (pct) => progress.report('align', i, pct / 100),
              });
              s.result = { ...s.result!, segments: aligned.segments, word_segments: aligned.word_segments };
            }
            progress.report('align', i, 1);
            await afterStage(s, 'align');
            if (lastStage === 'align') await finish(s);
          }
        } finally {
          if (model) await releaseAlignModel(model);
        }
      }
    }

    // Stage 3: diarization.
    if (diarizeOptions) {
      await diarizeStage(states, diarizeOptions, options, {
        signal,
        audioOf: (s, i) => audioOf(s, i, 'diarize'),
        progress: (i, f) => progress.report('diarize', i, f),
        finish: async (s) => {
          await afterStage(s, 'diarize');
          await finish(s);
        },
      });
    }

    return states.map((s) => ({ file: s.file, result: s.result!, duration: s.duration }));
  }
}

/** One file: the same pipeline, its result. */
export async function transcribeFile(
  file: string,
  options: PipelineOptions = {},
  callbacks: TranscribeFilesCallbacks = {},
): Promise<FileResult> {
  const [result] = await transcribeFiles([file], options, callbacks);
  return result;
}
