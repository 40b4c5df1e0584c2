/**
 * `pnpm eval:wer --data LIST.tsv [--hyp HYP.tsv] [--json OUT.json] [--max_wer PCT] [--metric wer|cer]
 * [--spelling_map FILE] [--remove_diacritics] [whisperx flags...]`: word (or character) error rate of the pipeline on a
 * list of `path<TAB>reference` rows, every file through the public transcribeFiles API (VAD,
 * batching and all; alignment and diarization off: they do not change the words), or of another
 * system's hypotheses (`--hyp`, same shape). Text is normalised as Whisper's evaluation does
 * (English normaliser for en, the basic one otherwise). One line per file, then
 * `WER 4.21% (1234 words, 87 files)`. Exit 2 on bad input (naming the row), 1 when --max_wer is
 * exceeded or transcription fails.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { transcribeFiles, writeFileAtomic, type PipelineOptions } from '@whisperx-ts/core';
import { CommanderError } from 'commander';
import { EvalDataError, hypothesesFor, readEvalList, type EvalRow } from './eval-data.js';
import {
  addCounts,
  editCounts,
  errorRate,
  metricForLanguage,
  NO_EDITS,
  tokens,
  type EditCounts,
  type ErrorMetric,
} from './error-rate.js';
import { normalizeBasic } from './normalize-basic.js';
import { loadSpellingMap, normalizeEnglish, type SpellingMap } from './normalize-english.js';
import { buildProgram, readFlags } from '../flags.js';
import { flagProblems } from '../validate-flags.js';
import { pipelineOptionsFromFlags } from '../pipeline-options.js';
import { resolveRunDevice } from '../run-helpers.js';

export interface EvalIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface EvalArgs {
  data?: string;
  hyp?: string;
  json?: string;
  maxWer?: number;
  metric?: ErrorMetric;
  spellingMap?: string;
  /** Basic normaliser: also strip diacritics (for references written without accents). */
  removeDiacritics?: boolean;
  rest: string[];
}

const USAGE =
  'usage: pnpm eval:wer --data LIST.tsv [--hyp HYP.tsv] [--json OUT.json] [--max_wer PCT] [--metric wer|cer] ' +
  '[--spelling_map FILE] [--remove_diacritics] [whisperx flags: --model --language --backend --compute_type --batch_size --beam_size ...]';

/** The default British -> American map: written by `pnpm eval:models` from the reference normaliser's data. */
export function defaultSpellingMap(): string {
  const cache = process.env.WHISPERX_TS_EVAL_CACHE ?? `${process.env.HOME ?? '.'}/.cache/whisperx-ts-eval`;
  return `${cache}/english-spelling.json`;
}

function parseArgs(argv: readonly string[]): EvalArgs {
  const out: EvalArgs = { rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (name === '--remove_diacritics') {
      out.removeDiacritics = true;
      continue;
    }
    const own = ['--data', '--hyp', '--json', '--max_wer', '--metric', '--spelling_map'];
    if (!own.includes(name)) {
      out.rest.push(a);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new EvalDataError(`${name} needs a value.`);
    if (name === '--data') out.data = value;
    else if (name === '--hyp') out.hyp = value;
    else if (name === '--json') out.json = value;
    else if (name === '--spelling_map') out.spellingMap = value;
    else if (name === '--metric') {
      if (value !== 'wer' && value !== 'cer') throw new EvalDataError(`--metric takes wer or cer, not "${value}".`);
      out.metric = value;
    } else {
      const v = Number(value);
      if (!Number.isFinite(v) || v < 0)
        throw new EvalDataError(`--max_wer takes a percentage (e.g. 12.5), not "${value}".`);
      out.maxWer = v;
    }
  }
  return out;
}

export interface FileScore {
  file: string;
  line: number;
  language: string;
  reference: string;
  hypothesis: string;
  normalizedReference: string;
  normalizedHypothesis: string;
  counts: EditCounts;
  duration?: number;
}

/** Normalise and score one file. */
export function scoreFile(
  row: EvalRow,
  hypothesis: string,
  language: string,
  metric: ErrorMetric,
  spellings: SpellingMap | undefined,
  removeDiacritics = false,
): FileScore {
  const norm = (t: string) =>
    language === 'en' ? normalizeEnglish(t, { spellings }) : normalizeBasic(t, { removeDiacritics });
  const normalizedReference = norm(row.text);
  const normalizedHypothesis = norm(hypothesis);
  const counts = editCounts(tokens(normalizedReference, metric), tokens(normalizedHypothesis, metric));
  return {
    file: row.file,
    line: row.line,
    language,
    reference: row.text,
    hypothesis,
    normalizedReference,
    normalizedHypothesis,
    counts,
  };
}

function pct(rate: number): string {
  return Number.isFinite(rate) ? `${(rate * 100).toFixed(2)}%` : 'inf';
}

export async function evalWerMain(argv: readonly string[], io: EvalIo): Promise<number> {
  let args: EvalArgs;
  let rows: EvalRow[];
  let hyps: Map<string, string> | undefined;
  try {
    args = parseArgs(argv);
    if (!args.data) throw new EvalDataError('--data LIST.tsv is required.');
    rows = readEvalList(args.data, !args.hyp);
    if (args.hyp) hyps = hypothesesFor(rows, args.hyp);
  } catch (error) {
    if (!(error instanceof EvalDataError)) throw error;
    io.stderr.write(`eval:wer: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const program = buildProgram('eval');
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => io.stderr.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    program.parse(args.rest, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' ? 0 : 2;
    throw error;
  }
  if (program.args.length > 0) {
    io.stderr.write(`eval:wer: unexpected argument ${program.args[0]}: files come from --data.\n${USAGE}\n`);
    return 2;
  }
  const flags = readFlags(program);
  const problems = flagProblems(flags);
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`eval:wer: ${p}\n`);
    return 2;
  }
  const spellingFile = args.spellingMap ?? defaultSpellingMap();
  let spellings: SpellingMap | undefined;
  if (args.spellingMap || existsSync(spellingFile)) {
    try {
      spellings = loadSpellingMap(spellingFile);
    } catch (error) {
      io.stderr.write(`eval:wer: ${(error as Error).message}\n`);
      return 2;
    }
  }

  const started = performance.now();
  const results = new Map<string, { text: string; language: string; duration?: number }>();
  let options: PipelineOptions | undefined;
  if (hyps) {
    for (const row of rows) results.set(row.file, { text: hyps.get(row.file)!, language: flags.language ?? 'en' });
  } else {
    const device = await resolveRunDevice(flags, (line) => io.stderr.write(`${line}\n`));
    options = { ...pipelineOptionsFromFlags({ ...flags, device }), align: false, diarize: false };
    try {
      await transcribeFiles(
        rows.map((r) => r.file),
        options,
        {
          onLog: (line) => io.stderr.write(`${line}\n`),
          onFileDone: (done) => {
            const text = done.result.segments.map((s) => s.text.trim()).join(' ');
            results.set(done.file, { text, language: done.result.language, duration: done.duration });
          },
        },
      );
    } catch (error) {
      io.stderr.write(`eval:wer: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const wallSeconds = (performance.now() - started) / 1000;

  const scores: FileScore[] = [];
  let total = NO_EDITS;
  const metrics = new Set<ErrorMetric>();
  for (const row of rows) {
    const r = results.get(row.file)!;
    const language = flags.language ?? r.language;
    const metric = args.metric ?? metricForLanguage(language);
    metrics.add(metric);
    const score = {
      ...scoreFile(row, r.text, language, metric, spellings, args.removeDiacritics),
      duration: r.duration,
    };
    scores.push(score);
    total = addCounts(total, score.counts);
    const c = score.counts;
    io.stdout.write(
      `${row.file}\t${metric.toUpperCase()} ${pct(errorRate(c))} (S${c.substitutions} D${c.deletions} I${c.insertions} of ${c.reference})\t${r.text}\n`,
    );
  }
  const metric = metrics.size === 1 ? [...metrics][0] : 'wer';
  const rate = errorRate(total);
  const unit = metric === 'cer' ? 'characters' : 'words';
  const audioSeconds = scores.reduce((s, x) => s + (x.duration ?? 0), 0);
  if (args.json) {
    const report = {
      data: args.data,
      hypotheses: args.hyp ?? null,
      options: options ?? null,
      metric,
      spellingMap: spellings ? spellingFile : null,
      removeDiacritics: args.removeDiacritics ?? false,
      rate,
      totals: total,
      files: scores,
      wallSeconds,
      audioSeconds,
    };
    try {
      await writeFileAtomic(args.json, `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      io.stderr.write(`eval:wer: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const timing = hyps
    ? ''
    : `, ${wallSeconds.toFixed(1)} s, ${audioSeconds > 0 ? (audioSeconds / wallSeconds).toFixed(1) : '0'}x realtime`;
  io.stderr.write(`normaliser: ${spellings ? `spellings from ${spellingFile}` : 'no spelling map'}${timing}\n`);
  io.stdout.write(`${metric.toUpperCase()} ${pct(rate)} (${total.reference} ${unit}, ${rows.length} files)\n`);
  if (args.maxWer !== undefined && !(rate * 100 <= args.maxWer)) {
    io.stderr.write(`eval:wer: ${metric.toUpperCase()} ${pct(rate)} is above --max_wer ${args.maxWer}%.\n`);
    return 1;
  }
  return 0;
}
