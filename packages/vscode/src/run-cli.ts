/**
 * Runs the whisperx CLI worker in a child process (never on the extension host's thread,
 * never through a shell), streams its jsonl events, and stops it on cancel: SIGTERM first
 * (the CLI then exits 143 without writing partial output), SIGKILL if it lingers.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { CliLineParser, type CliErrorEvent, type CliEvent, type CliFileDoneEvent } from '@whisperx-ts/cli/protocol';

export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface RunCliOptions {
  /** The JavaScript runtime: process.execPath (Electron or Node; ELECTRON_RUN_AS_NODE=1 is set). */
  runtime: string;
  /** The CLI entry script (the extension's dist/cli/whisperx-cli.mjs). */
  cliPath: string;
  /** CLI arguments after the script. */
  args: readonly string[];
  /** Full environment of the child (see childEnv). */
  env: NodeJS.ProcessEnv;
  /** Working folder of the child. Default: the runtime's default (inherited). */
  cwd?: string;
  /** Cancels the run (SIGTERM, then SIGKILL after `killGraceMs`). */
  signal?: AbortSignal;
  /** Wait this long after SIGTERM before SIGKILL. Default 3000 ms. */
  killGraceMs?: number;
  /** Every parsed stderr event, in order. */
  onEvent?: (event: CliEvent) => void;
  /** stdout lines (the CLI prints nothing there in jsonl mode; kept for the log). */
  onStdout?: (line: string) => void;
  /** Injected for tests. Default: child_process.spawn. */
  spawn?: SpawnFunction;
}

export interface CliRunResult {
  /** Exit code; null when ended by a signal. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  exitSignal: NodeJS.Signals | null;
  /** True when `signal` fired before the child ended. */
  cancelled: boolean;
  /** jsonl error events seen. */
  errors: CliErrorEvent[];
  /** Files finished, in order. */
  filesDone: CliFileDoneEvent[];
  /** Last non-jsonl stderr lines (for messages when the CLI crashed without an error event). */
  stderrTail: string[];
  /** The process could not be started (e.g. runtime missing). */
  spawnError?: Error;
}

const TAIL_LINES = 20;

export function runCli(options: RunCliOptions): Promise<CliRunResult> {
  const spawnFn = options.spawn ?? (nodeSpawn as SpawnFunction);
  const result: CliRunResult = {
    exitCode: null,
    exitSignal: null,
    cancelled: false,
    errors: [],
    filesDone: [],
    stderrTail: [],
  };
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      result.cancelled = true;
      resolve(result);
      return;
    }
    const child = spawnFn(options.runtime, [options.cliPath, ...options.args], {
      env: { ...options.env, ELECTRON_RUN_AS_NODE: '1' },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });

    const parser = new CliLineParser((event) => {
      if (event.type === 'error') result.errors.push(event);
      else if (event.type === 'file-done') result.filesDone.push(event);
      else if (event.type === 'text') {
        result.stderrTail.push(event.line);
        if (result.stderrTail.length > TAIL_LINES) result.stderrTail.shift();
      }
      options.onEvent?.(event);
    });
    const stdout = new CliLineParser((event) => {
      if (event.type === 'text') options.onStdout?.(event.line);
    });
    child.stderr?.on('data', (chunk: Buffer) => parser.push(chunk));
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));

    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      result.cancelled = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, options.killGraceMs ?? 3000);
      killTimer.unref?.();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      parser.end();
      stdout.end();
      resolve(result);
    };
    child.on('error', (error) => {
      result.spawnError = error;
      finish();
    });
    // 'close' fires after the stdio streams end, so every event has been parsed by then.
    child.on('close', (code, signal) => {
      result.exitCode = code;
      result.exitSignal = signal;
      finish();
    });
  });
}
