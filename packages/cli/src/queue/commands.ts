/**
 * The queue subcommands: `whisperx enqueue FILES... --queue URL [flags]`, `whisperx worker
 * --queue URL [--concurrency N]` and `whisperx queue status|retry-failed|drain --queue URL`.
 * Parsed like the main command (commander, one-line errors, exit 2 for usage); BullMQ is
 * loaded only after the flags are valid.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { buildProgram, readFlags } from '../flags.js';
import type { CliIo } from '../main.js';
import { flagProblems } from '../validate-flags.js';
import { DEFAULT_QUEUE_NAME } from './job-spec.js';
import { queueTarget } from './connection.js';
import { redactQueueUrl } from './queue-url.js';

export const QUEUE_COMMANDS = ['enqueue', 'worker', 'queue'] as const;

function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
      throw new InvalidArgumentError(`${name} expects a whole number of at least 1, got "${value}".`);
    }
    return Number(value);
  };
}

function queueOptions(p: Command): Command {
  return p
    .addOption(
      new Option('--queue <url>', 'Redis holding the queue: redis://HOST:PORT[/DB] (password: redis://:PW@HOST:PORT)')
        .env('WHISPERX_QUEUE')
        .makeOptionMandatory(),
    )
    .option('--queue_name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME);
}

function configure(p: Command, io: CliIo): Command {
  return p
    .exitOverride()
    .showHelpAfterError('(run with --help for all flags)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

function workerProgram(): Command {
  const p = new Command('whisperx worker').description(
    'Run queued transcriptions (outputs next to each input, or in the folder given at enqueue).',
  );
  return queueOptions(p)
    .option(
      '--concurrency <n>',
      'jobs held at once; those with equal options run together in one pass (one model load)',
      positiveInt('--concurrency'),
      1,
    )
    .option(
      '--stalled_interval <s>',
      "seconds before a silent worker's job is given to another",
      positiveInt('--stalled_interval'),
      30,
    )
    .option('--threads <n>', 'CPU threads per job (0 = all cores)', (v) => Number.parseInt(v, 10), 0)
    .addOption(new Option('--device <device>', 'cpu, cuda, coreml or auto').default('cpu'))
    .option('--device_index <n>', 'GPU index', (v) => Number.parseInt(v, 10), 0)
    .option('--model_dir <dir>', "this machine's Hugging Face cache folder")
    .allowExcessArguments(false);
}

function adminProgram(): Command {
  const p = new Command('whisperx queue')
    .description('Inspect and manage the queue.')
    .addArgument(
      new Command()
        .createArgument('<action>', 'status | retry-failed | drain')
        .choices(['status', 'retry-failed', 'drain']),
    );
  return queueOptions(p).option('--json', 'status as JSON on stdout', false).allowExcessArguments(false);
}

function parseOrCode(p: Command, argv: readonly string[]): number | undefined {
  try {
    p.parse([...argv], { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' ? 0 : 2;
    throw error;
  }
}

/** Stop on SIGINT/SIGTERM; a second signal exits at once. */
function stopSignal(io: CliIo): { signal: AbortSignal; code: () => number; dispose: () => void } {
  const controller = new AbortController();
  let code = 0;
  const on = (sig: NodeJS.Signals) => {
    if (code) process.exit(code);
    code = sig === 'SIGINT' ? 130 : 143;
    controller.abort();
  };
  if (io.handleSignals) {
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  }
  return {
    signal: controller.signal,
    code: () => code,
    dispose: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

export async function queueMain(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'enqueue') {
    const p = configure(queueOptions(buildProgram(version).name('whisperx enqueue')), io);
    const code = parseOrCode(p, rest);
    if (code !== undefined) return code;
    const flags = readFlags(p);
    const opts = p.opts<{ queue: string; queue_name: string }>();
    if (p.args.length === 0 && flags.batch === undefined) {
      io.stderr.write(
        "whisperx enqueue: error: missing required argument 'audio' (give media files, or --batch LIST)\n",
      );
      return 2;
    }
    const problems = flagProblems(flags);
    if (flags.from_json || flags.resume) problems.push('enqueue runs the full pipeline: drop --from_json / --resume.');
    if (problems.length > 0) {
      for (const line of problems) io.stderr.write(`whisperx enqueue: error: ${line}\n`);
      return 2;
    }
    const { enqueueFiles } = await import('./enqueue.js');
    await enqueueFiles(p.args, flags, queueTarget(opts.queue, opts.queue_name), {
      outputDirGiven: p.getOptionValueSource('output_dir') !== 'default',
      log: (line) => io.stderr.write(`${line}\n`),
    });
    return 0;
  }
  if (command === 'worker') {
    const p = configure(workerProgram(), io);
    const code = parseOrCode(p, rest);
    if (code !== undefined) return code;
    const o = p.opts<{
      queue: string;
      queue_name: string;
      concurrency: number;
      stalled_interval: number;
      threads: number;
      device: string;
      device_index: number;
      model_dir?: string;
    }>();
    const target = queueTarget(o.queue, o.queue_name);
    const stop = stopSignal(io);
    try {
      const { runWorker } = await import('./worker.js');
      const local = { threads: o.threads, device: o.device, device_index: o.device_index, model_dir: o.model_dir };
      if (o.model_dir === undefined) delete local.model_dir;
      await runWorker(
        target,
        { concurrency: o.concurrency, stalledInterval: o.stalled_interval, local },
        { stderr: io.stderr, stop: stop.signal },
      );
      return 0;
    } finally {
      stop.dispose();
    }
  }
  // queue status | retry-failed | drain
  const p = configure(adminProgram(), io);
  const code = parseOrCode(p, rest);
  if (code !== undefined) return code;
  const o = p.opts<{ queue: string; queue_name: string; json: boolean }>();
  const target = queueTarget(o.queue, o.queue_name);
  const admin = await import('./admin.js');
  const action = p.args[0];
  if (action === 'status') {
    const status = await admin.queueStatus(target);
    io.stdout.write(o.json ? `${JSON.stringify(status)}\n` : admin.formatStatus(target, status));
  } else if (action === 'retry-failed') {
    const n = await admin.retryFailed(target);
    io.stderr.write(`moved ${n} failed job${n === 1 ? '' : 's'} back to waiting on ${redactQueueUrl(target.url)}\n`);
  } else {
    const n = await admin.drainQueue(target);
    io.stderr.write(`removed ${n} waiting job${n === 1 ? '' : 's'} from ${redactQueueUrl(target.url)}\n`);
  }
  return 0;
}
