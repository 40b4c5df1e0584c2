/**
 * The conformance runner: every case of a kit's kit.json through the public API, one line per
 * case (id, pass/fail/skipped, worst deviation), then `N passed, N failed, N skipped`.
 * Everything (inputs, options, tolerances) comes from kit.json, so another kit runs unchanged.
 */
import { ctcEmissions, ctcForcedAlign, whisperxAlign } from './cases/align-cases.js';
import { wav2vec2GraphEmissions } from './cases/align-graph-cases.js';
import { logMel, melFilterBank } from './cases/audio-cases.js';
import type { CaseHandler } from './cases/types.js';
import { DIARIZE_HANDLERS } from './cases/diarize-cases.js';
import { vadProbs, vadTimestamps } from './cases/vad-cases.js';
import { encoder, firstLogits, generate, languageProbs, tokenizerCases } from './cases/whisper-cases.js';
import { Checks } from './checks.js';
import { RunContext } from './context.js';
import { readKit, type KitCase } from './kit.js';
import { usesWhisperExecutor, type ConformanceBackend } from './mlx-whisper.js';

export const HANDLERS: Readonly<Record<string, CaseHandler>> = {
  log_mel: logMel,
  mel_filters: melFilterBank,
  encoder,
  first_logits: firstLogits,
  language_probs: languageProbs,
  generate,
  tokenizer: tokenizerCases,
  ctc_emissions: ctcEmissions,
  ctc_forced_align: ctcForcedAlign,
  whisperx_align: whisperxAlign,
  wav2vec2_graph_emissions: wav2vec2GraphEmissions,
  vad_probs: vadProbs,
  vad_timestamps: vadTimestamps,
  ...DIARIZE_HANDLERS,
};

export type CaseStatus = 'pass' | 'fail' | 'skipped';

export interface CaseOutcome {
  id: string;
  kind: string;
  status: CaseStatus;
  /** Worst absolute deviation over the case's numeric comparisons. */
  worst: number;
  /** Why it failed / was skipped. */
  detail: string[];
  seconds: number;
}

export async function runCase(c: KitCase, ctx: RunContext): Promise<CaseOutcome> {
  const started = performance.now();
  const handler = HANDLERS[c.kind];
  const done = (status: CaseStatus, worst: number, detail: string[]): CaseOutcome => ({
    id: c.id,
    kind: c.kind,
    status,
    worst,
    detail,
    seconds: (performance.now() - started) / 1000,
  });
  if (!handler) return done('skipped', 0, [`kind "${c.kind}" is not supported by this version`]);
  const checks = new Checks();
  try {
    await handler(c, ctx, checks);
  } catch (error) {
    return done('fail', checks.worst, [`error: ${(error as Error).message}`]);
  }
  return done(checks.ok ? 'pass' : 'fail', checks.worst, checks.failures);
}

export interface RunSummary {
  outcomes: CaseOutcome[];
  passed: number;
  failed: number;
  skipped: number;
}

export async function runKit(
  kitDir: string,
  options: {
    filter?: (c: KitCase) => boolean;
    onCase?: (o: CaseOutcome) => void;
    threads?: number;
    /** 'mlx': only the cases that use the Whisper executor, on MLX. Default 'onnx' (every case). */
    backend?: ConformanceBackend;
  } = {},
): Promise<RunSummary> {
  const kit = readKit(kitDir);
  const backend = options.backend ?? 'onnx';
  const ctx = new RunContext(kit, options.threads ?? 1, backend);
  const outcomes: CaseOutcome[] = [];
  try {
    for (const c of kit.cases) {
      if (options.filter && !options.filter(c)) continue;
      if (backend === 'mlx' && !usesWhisperExecutor(c)) continue;
      const outcome = await runCase(c, ctx);
      outcomes.push(outcome);
      options.onCase?.(outcome);
    }
  } finally {
    await ctx.dispose();
  }
  const count = (s: CaseStatus) => outcomes.filter((o) => o.status === s).length;
  return { outcomes, passed: count('pass'), failed: count('fail'), skipped: count('skipped') };
}

export function formatOutcome(o: CaseOutcome): string {
  const worst = o.worst > 0 ? ` worst=${o.worst.toExponential(2)}` : '';
  const detail = o.detail.length ? ` -- ${o.detail.slice(0, 3).join('; ')}` : '';
  return `${o.status.padEnd(7)} ${o.id}${worst} (${o.seconds.toFixed(2)}s)${detail}`;
}
