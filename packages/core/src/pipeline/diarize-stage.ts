/**
 * The diarization stage of transcribeFiles: speaker turns per file, then speakers assigned to
 * segments and words.
 */
import { WhisperxError } from '../errors.js';
import type { TranscriptResult } from '../transcript.js';
import type { DiarizeStageOptions, PipelineOptions } from './options.js';

interface StageFile {
  file: string;
  audio?: Float32Array;
  duration: number;
  result?: TranscriptResult;
}

export interface DiarizeStageContext<S extends StageFile> {
  signal?: AbortSignal;
  audioOf: (s: S, index: number) => Promise<Float32Array>;
  progress: (index: number, fraction: number) => void;
  finish: (s: S) => Promise<void>;
}

export async function diarizeStage<S extends StageFile>(
  _states: S[],
  _options: DiarizeStageOptions,
  _pipeline: PipelineOptions,
  _ctx: DiarizeStageContext<S>,
): Promise<void> {
  throw new WhisperxError('unavailable', '--diarize is not available yet in this build.');
}
