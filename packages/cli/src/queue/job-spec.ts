/**
 * What a queued job holds: one input file, where its outputs go, and the flags that shape them.
 * The job id is a hash of those, so the same file with the same options is one job however
 * often it is enqueued. Secrets (the Hugging Face token) never go into Redis: workers use their
 * own HF_TOKEN.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { outputOptionsKey } from '../batch-record.js';
import { buildProgram, readFlags, type CliFlags } from '../flags.js';

/** BullMQ queue name used when --queue_name is not given. */
export const DEFAULT_QUEUE_NAME = 'whisperx';
/** BullMQ job name of a transcription. */
export const JOB_NAME = 'transcribe';

export interface TranscribeJobData {
  /** Absolute path of the input, as the workers see it (a shared folder). */
  file: string;
  /** Absolute output folder: next to the input, or the enqueue's --output_dir. */
  outputDir: string;
  /** The flags, without secrets and without what only the enqueuing run needs. */
  flags: Partial<CliFlags>;
}

/** Flags kept out of jobs: secrets, and what belongs to the enqueuing run or the worker machine. */
const LOCAL_FLAGS: ReadonlyArray<keyof CliFlags> = [
  'hf_token',
  'batch',
  'recursive',
  'resume',
  'progress',
  'print_progress',
  'output_dir',
  'model_dir',
  'threads',
  'device',
  'device_index',
  'from_json',
];

export function jobData(file: string, outputDir: string, flags: CliFlags): TranscribeJobData {
  const kept: Partial<CliFlags> = { ...flags };
  for (const name of LOCAL_FLAGS) delete kept[name];
  return { file: path.resolve(file), outputDir: path.resolve(outputDir), flags: kept };
}

/** The flags a worker runs a job with: CLI defaults, then the job's, then the worker's own. */
export function workerFlags(data: TranscribeJobData, local: Partial<CliFlags>): CliFlags {
  const program = buildProgram('0.0.0');
  program.exitOverride();
  program.parse(['job'], { from: 'user' });
  return { ...readFlags(program), ...data.flags, ...local, output_dir: data.outputDir };
}

/** One id per file x output folder x output-shaping options x formats (BullMQ ids must not hold ':'). */
export function jobId(data: TranscribeJobData): string {
  const flags = workerFlags(data, {});
  const key = `${data.file}\n${data.outputDir}\n${outputOptionsKey(flags)}\n${flags.output_format}`;
  return `wx-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
