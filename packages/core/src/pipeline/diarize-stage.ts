/**
 * The diarization stage of transcribeFiles: speaker turns per file (one pipeline for all files),
 * then speakers assigned to segments and words, and per-speaker embeddings when asked.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SampleSource } from '../audio/sample-source.js';
import { throwIfAborted, WhisperxError } from '../errors.js';
import { listRepoFiles } from '../hub/repo-files.js';
import { resolveRepoFile } from '../hub/resolve-file.js';
import { assignWordSpeakers } from '../diarize/assign-speakers.js';
import { loadDiarizationPipeline, type ResolveFileRequest } from '../diarize/pipeline.js';
import type { TranscriptResult, TranscriptSegment, WordTiming } from '../transcript.js';
import type { DiarizeStageOptions, PipelineOptions } from './options.js';

interface StageFile {
  file: string;
  duration: number;
  result?: TranscriptResult;
}

export interface DiarizeStageContext<S extends StageFile> {
  signal?: AbortSignal;
  audioOf: (s: S, index: number) => Promise<SampleSource>;
  progress: (index: number, fraction: number) => void;
  finish: (s: S) => Promise<void>;
}

/** The first of the candidate files that the repo holds, fetched into the hub cache. */
export async function resolveFirstRepoFile(request: ResolveFileRequest, signal?: AbortSignal): Promise<string> {
  const hub = {
    cacheDir: request.cacheDir,
    localFilesOnly: request.localFilesOnly,
    token: request.hfToken,
    signal,
    missingFix: `pass ${request.option ?? '--model'} <local folder or .onnx file> holding the model`,
  };
  const listing = await listRepoFiles(request.repo, hub);
  const file = request.files.find((f) => listing.files.includes(f));
  if (!file) {
    throw new WhisperxError(
      'model',
      `${request.repo}: none of ${request.files.join(', ')} is in this repo. Pass a repo or local .onnx file that has one.`,
    );
  }
  return resolveRepoFile(request.repo, file, hub);
}

/** Embedding files a diarization folder may hold next to its segmentation model. */
const FOLDER_EMBEDDING_FILES = ['speaker-embedding.onnx', 'embedding.onnx'];

/**
 * A local --diarize_model folder that also holds a speaker-embedding model serves both roles;
 * otherwise the embedding model is the given one or the default repo.
 */
export function embeddingModelFor(options: DiarizeStageOptions): string | undefined {
  if (options.embeddingModel) return options.embeddingModel;
  const dir = options.modelName;
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const file = FOLDER_EMBEDDING_FILES.find((f) => existsSync(path.join(dir, f)));
  return file ? path.join(dir, file) : undefined;
}

/**
 * Words that alignment could not time overlap no turn: they were said by their segment's
 * speaker. (Timed words without an overlapping turn get the nearest turn with fillNearest.)
 */
export function labelEveryWord(result: TranscriptResult): TranscriptResult {
  const owner = new Map<WordTiming, TranscriptSegment>();
  for (const segment of result.segments) {
    for (const word of segment.words ?? []) {
      owner.set(word, segment);
      if (segment.speaker) word.speaker ??= segment.speaker;
    }
  }
  // word_segments usually holds the same objects; copies are matched by their segment's span.
  for (const word of result.word_segments ?? []) {
    if (word.speaker) continue;
    const segment =
      owner.get(word) ??
      result.segments.find((s) => word.start !== undefined && word.start >= s.start && word.start <= s.end);
    if (segment?.speaker) word.speaker = segment.speaker;
  }
  return result;
}

export async function diarizeStage<S extends StageFile>(
  states: S[],
  options: DiarizeStageOptions,
  pipeline: PipelineOptions,
  ctx: DiarizeStageContext<S>,
): Promise<void> {
  const diarizer = await loadDiarizationPipeline({
    modelName: options.modelName,
    embeddingModel: embeddingModelFor(options),
    cacheDir: pipeline.cacheDir,
    localFilesOnly: pipeline.localFilesOnly,
    hfToken: pipeline.hfToken,
    device: pipeline.device,
    resolveFile: (request) => resolveFirstRepoFile(request, ctx.signal),
  });
  try {
    for (let i = 0; i < states.length; i++) {
      throwIfAborted(ctx.signal);
      const s = states[i];
      const audio = await ctx.audioOf(s, i);
      const diarized = await diarizer.diarize(audio, {
        numSpeakers: options.numSpeakers,
        minSpeakers: options.minSpeakers,
        maxSpeakers: options.maxSpeakers,
        returnEmbeddings: options.returnEmbeddings,
        signal: ctx.signal,
        onProgress: (p) => {
          const base = { segmentation: 0, embeddings: 0.4, clustering: 0.9 }[p.stage];
          const span = { segmentation: 0.4, embeddings: 0.5, clustering: 0.1 }[p.stage];
          ctx.progress(i, base + (span * p.done) / Math.max(1, p.total));
        },
      });
      s.result = labelEveryWord(
        assignWordSpeakers(diarized.turns, s.result!, {
          fillNearest: options.fillNearest ?? true,
          speakerEmbeddings: options.returnEmbeddings ? diarized.embeddings : undefined,
        }),
      );
      ctx.progress(i, 1);
      await ctx.finish(s);
    }
  } finally {
    await diarizer.release();
  }
}
