/**
 * `der` command: score a system RTTM against a reference RTTM, md-eval style.
 *   der --ref REF.rttm --hyp SYS.rttm [--collar 0.25] [--skip-overlap] [--json]
 * `main(argv)` returns the exit code and writes to the given streams, so the CLI package can
 * mount it as a subcommand and tests can run it in-process.
 */
import { readFileSync } from 'node:fs';
import { WhisperxError } from '../errors.js';
import { diarizationErrorRate, parseRttm } from './der.js';

export interface DerCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = 'usage: der --ref REF.rttm --hyp SYS.rttm [--collar SECONDS] [--skip-overlap] [--json]';

interface DerArgs {
  ref: string;
  hyp: string;
  collar: number;
  skipOverlap: boolean;
  json: boolean;
}

function parseArgs(argv: readonly string[]): DerArgs {
  const args: Partial<DerArgs> = { collar: 0, skipOverlap: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new WhisperxError('usage', `${a}: missing value. ${USAGE}`);
      return v;
    };
    if (a === '--ref' || a === '-r') args.ref = value();
    else if (a === '--hyp' || a === '-s') args.hyp = value();
    else if (a === '--collar' || a === '-c') {
      const v = value();
      args.collar = Number(v);
      if (!(args.collar >= 0))
        throw new WhisperxError('usage', `--collar ${v}: must be a non-negative number of seconds.`);
    } else if (a === '--skip-overlap' || a === '-1') args.skipOverlap = true;
    else if (a === '--json') args.json = true;
    else throw new WhisperxError('usage', `${a}: unknown option. ${USAGE}`);
  }
  if (!args.ref || !args.hyp) throw new WhisperxError('usage', `--ref and --hyp are required. ${USAGE}`);
  return args as DerArgs;
}

function readRttm(file: string, role: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new WhisperxError('input', `${file}: cannot read the ${role} RTTM (${(cause as Error).message}).`, { cause });
  }
  return parseRttm(text, file);
}

/** Run the command; returns the process exit code. */
export function main(argv: readonly string[], io: DerCliIo = process): number {
  try {
    const args = parseArgs(argv);
    const ref = readRttm(args.ref, 'reference');
    const hyp = readRttm(args.hyp, 'system');
    const r = diarizationErrorRate(ref, hyp, { collar: args.collar, skipOverlap: args.skipOverlap });
    if (args.json) {
      io.stdout.write(`${JSON.stringify(r)}\n`);
    } else {
      const pct = (x: number) => (r.scored > 0 ? ((100 * x) / r.scored).toFixed(2) : '0.00');
      io.stdout.write(
        `SCORED SPEAKER TIME = ${r.scored.toFixed(3)} secs\n` +
          `MISSED SPEAKER TIME = ${r.missed.toFixed(3)} secs (${pct(r.missed)} percent)\n` +
          `FALARM SPEAKER TIME = ${r.falseAlarm.toFixed(3)} secs (${pct(r.falseAlarm)} percent)\n` +
          ` SPEAKER ERROR TIME = ${r.confusion.toFixed(3)} secs (${pct(r.confusion)} percent)\n` +
          ` OVERALL SPEAKER DIARIZATION ERROR = ${(100 * r.der).toFixed(2)} percent of scored speaker time\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof WhisperxError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
