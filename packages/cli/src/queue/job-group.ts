/**
 * Jobs a worker holds at once (`--concurrency N`) that share their options run together: one
 * stage-major `transcribeFiles` over their files, so the model loads once for the group instead
 * of once per job. Each job settles on its own: it completes when its file's outputs and record
 * are written; a file that fails (bad input) fails only its job and the rest of the group runs
 * again without it; an error no file caused (a model that cannot load) fails every job left.
 */
import { transcribeFiles, type PipelineOptions, type WhisperxErrorKind } from '@whisperx-ts/core';
import { writeRecord } from '../batch-record.js';
import type { CliFlags } from '../flags.js';
import { writeOutputs } from '../run-helpers.js';

export interface GroupJob {
  file: string;
  outputDir: string;
  flags: CliFlags;
  /** outputOptionsKey(flags), for the record. */
  key: string;
  done(outputs: string[], duration: number): void;
  fail(error: unknown): void;
}

/** Errors no single file caused: every job left in the group fails with them. */
const GROUP_KINDS = new Set<WhisperxErrorKind>(['model', 'network', 'output', 'usage', 'unavailable', 'aborted']);

/** Jobs that can share one pass: the same pipeline options (the output folder may differ). */
export function groupKey(flags: CliFlags, options: PipelineOptions): string {
  const { output_dir: _dir, ...rest } = flags;
  return JSON.stringify([rest, options]);
}

/** Run one group to the end; every job is settled when this resolves. */
export async function runJobGroup(
  jobs: readonly GroupJob[],
  options: PipelineOptions,
  log: (line: string) => void,
): Promise<void> {
  let remaining = [...jobs];
  while (remaining.length > 0) {
    const byFile = new Map(remaining.map((j) => [j.file, j]));
    const finished = new Set<string>();
    let current: string | undefined;
    try {
      await transcribeFiles([...byFile.keys()], options, {
        onLog: log,
        onProgress: (e) => (current = e.file),
        onFileDone: async (d) => {
          const job = byFile.get(d.file)!;
          try {
            const outputs = await writeOutputs(job.flags, d.file, job.outputDir, d.result, d.duration);
            await writeRecord(d.file, job.outputDir, job.key, outputs, d.duration);
            job.done(outputs, d.duration);
          } catch (error) {
            job.fail(error);
          }
          finished.add(d.file);
        },
      });
      remaining = [];
    } catch (error) {
      const open = remaining.filter((j) => !finished.has(j.file));
      const kind = (error as { kind?: WhisperxErrorKind }).kind;
      const culprit = current !== undefined && !finished.has(current) ? byFile.get(current) : undefined;
      if (culprit === undefined || (kind !== undefined && GROUP_KINDS.has(kind))) {
        for (const job of open) job.fail(error);
        return;
      }
      culprit.fail(error);
      remaining = open.filter((j) => j !== culprit);
    }
  }
}

/**
 * Collects the jobs handed over within a moment and runs them in groups of equal options, one
 * group at a time. Jobs of the same file (with different output folders) go to separate groups.
 */
export class JobGrouper {
  private pending: Array<{ job: GroupJob; options: PipelineOptions; key: string }> = [];
  private running = false;

  constructor(
    private readonly log: (line: string) => void,
    /** How long to wait for BullMQ to hand over the other jobs it fetched. */
    private readonly gatherMs = 25,
  ) {}

  submit(job: GroupJob, options: PipelineOptions): void {
    this.pending.push({ job, options, key: groupKey(job.flags, options) });
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await new Promise((r) => setTimeout(r, this.gatherMs));
      while (this.pending.length > 0) {
        const key = this.pending[0].key;
        const files = new Set<string>();
        const group = this.pending.filter((p) => p.key === key && !files.has(p.job.file) && files.add(p.job.file));
        this.pending = this.pending.filter((p) => !group.includes(p));
        await runJobGroup(
          group.map((g) => g.job),
          group[0].options,
          this.log,
        );
      }
    } finally {
      this.running = false;
    }
  }
}
