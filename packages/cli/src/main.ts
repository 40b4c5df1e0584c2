/**
 * `whisperx` entry: parse flags (fast, no heavy imports), check them, then load the runner
 * lazily. Exit codes: 0 ok, 1 runtime failure, 2 usage error, 130 SIGINT, 143 SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { buildProgram, readFlags, type CliFlags } from './flags.js';
import { formatCliEvent } from './protocol.js';
import { flagProblems } from './validate-flags.js';
import { versionLine } from './versions.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Install SIGINT/SIGTERM handlers (the real binary does; tests calling main() in-process do not). */
  handleSignals?: boolean;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

/** Remove secrets (the HF token) from any text shown to people. */
export function redact(text: string, flags?: Partial<CliFlags>): string {
  let out = text;
  for (const secret of [flags?.hf_token, process.env.HF_TOKEN, process.env.HUGGING_FACE_HUB_TOKEN]) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out.replace(/hf_[A-Za-z0-9]{20,}/g, 'hf_***');
}

export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, handleSignals: true },
): Promise<number> {
  if (argv[0] === 'enqueue' || argv[0] === 'worker' || argv[0] === 'queue') {
    try {
      const { queueMain } = await import('./queue/commands.js');
      return await queueMain(argv, io, packageVersion());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`whisperx ${argv[0]}: error: ${redact(message)}\n`);
      const exitCode = (error as { exitCode?: number }).exitCode;
      return typeof exitCode === 'number' ? exitCode : 1;
    }
  }
  // WhisperX's -P/--python-version: print versions and stop, whatever else is given.
  const flagArgs = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (flagArgs.includes('-P') || flagArgs.includes('--python-version')) {
    io.stdout.write(`${versionLine(packageVersion())}\n`);
    return 0;
  }
  const program = buildProgram(packageVersion());
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      return 2;
    }
    throw error;
  }

  const flags = readFlags(program);
  const inputs = program.args;
  if (inputs.length === 0 && flags.batch === undefined) {
    io.stderr.write("whisperx: error: missing required argument 'audio' (give media files, or --batch LIST)\n");
    io.stderr.write('(run whisperx --help for all flags)\n');
    return 2;
  }
  if (flags.logLevel === 'debug') flags.verbose = true;
  const problems = flagProblems(flags);
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`whisperx: error: ${p}\n`);
    return 2;
  }

  const controller = new AbortController();
  let signalExit = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalExit) process.exit(signalExit); // second signal: stop now
    signalExit = sig === 'SIGINT' ? 130 : 143;
    io.stderr.write(`\nwhisperx: ${sig}, stopping (no partial output is written)...\n`);
    controller.abort();
  };
  if (io.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  try {
    const { run } = await import('./run.js');
    await run(inputs, flags, { stdout: io.stdout, stderr: io.stderr, signal: controller.signal });
    return signalExit || 0;
  } catch (error) {
    if (signalExit) return signalExit;
    const kind = (error as { kind?: string }).kind;
    const message = error instanceof Error ? error.message : String(error);
    if (kind === undefined && flags.verbose !== true) {
      io.stderr.write(`whisperx: error: ${redact(message, flags)} (run with --verbose for details)\n`);
    } else {
      io.stderr.write(`whisperx: error: ${redact(message, flags)}\n`);
    }
    if (flags.verbose && error instanceof Error && error.stack) io.stderr.write(`${redact(error.stack, flags)}\n`);
    const exitCode = (error as { exitCode?: number }).exitCode;
    const code = typeof exitCode === 'number' ? exitCode : 1;
    if (flags.progress === 'jsonl') {
      io.stderr.write(
        formatCliEvent({ type: 'error', message: redact(message, flags), kind: kind ?? 'internal', exitCode: code }),
      );
    }
    return code;
  } finally {
    if (io.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
