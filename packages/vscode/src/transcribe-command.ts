/**
 * "Transcribe Media to Markdown / Subtitles": choose media, plan outputs (asking before any
 * overwrite), run the CLI worker out of process with a cancellable progress notification,
 * move each finished output from a temporary folder to its final name, then open it.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliEvent, CliFileDoneEvent } from '@whisperx-ts/cli/protocol';
import * as vscode from 'vscode';
import { buildCliArgs, childEnv, type CliOutputFormat } from './cli-args.js';
import { describeFailure, OPEN_SETTINGS, SET_TOKEN, SHOW_LOG, type FailureReport } from './failure-message.js';
import { readHfToken, redactToken } from './hf-token.js';
import { invokedMediaUris, pickMediaFiles } from './media-files.js';
import { keepBothPath } from './output-naming.js';
import { exists, placeOutput } from './place-output.js';
import { ProgressIncrements, progressMessage } from './progress-message.js';
import { outputKinds, planOutputs, splitIntoRuns, type PlannedMedia, type TranscriptionKind } from './plan-outputs.js';
import { runCli, type SpawnFunction } from './run-cli.js';
import { readSettings, settingsProblems, type WhisperxSettings } from './settings.js';

/** The log: vscode.LogOutputChannel fits. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(preserveFocus?: boolean): void;
}

export interface TranscribeDeps {
  /** The CLI entry script (dist/cli/whisperx-cli.mjs inside the extension). */
  cliPath: string;
  secrets: vscode.SecretStorage;
  log: Log;
  /** Runtime that runs the CLI. Default: process.execPath. */
  runtime?: string;
  /** Folder for the temporary output folders. Default: os.tmpdir(). */
  tmpRoot?: string;
  /** Injected for tests. Default: child_process.spawn. */
  spawn?: SpawnFunction;
  /** Registers a running job so deactivate() can cancel it; returns the unregister function. */
  track?: (controller: AbortController) => () => void;
}

/** What a command run did (for tests and callers). */
export interface TranscribeOutcome {
  written: string[];
  cancelled: boolean;
  failures: FailureReport[];
}

const EMPTY: TranscribeOutcome = { written: [], cancelled: false, failures: [] };

async function showFailure(report: FailureReport, log: Log): Promise<void> {
  const action = await vscode.window.showErrorMessage(report.message, ...report.actions);
  if (action === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'whisperx.');
  else if (action === SHOW_LOG) log.show();
  else if (action === SET_TOKEN) await vscode.commands.executeCommand('whisperx.setHuggingFaceToken');
}

function workspaceFolderOf(media: string): string | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(media))?.uri.fsPath;
}

async function openResults(written: readonly string[], kind: TranscriptionKind, s: WhisperxSettings): Promise<void> {
  if (s.openAfter === 'none') return;
  for (const file of written.slice(0, 5)) {
    const uri = vscode.Uri.file(file);
    if (s.openAfter === 'preview' && kind === 'markdown') {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } else {
      await vscode.window.showTextDocument(uri, { preview: written.length === 1 });
    }
  }
}

/** Move one finished file's outputs to their planned names. Returns the final paths. */
async function placeFinished(done: CliFileDoneEvent, planned: PlannedMedia, claimed: Set<string>): Promise<string[]> {
  const placed: string[] = [];
  for (const [kind, target] of Object.entries(planned.targets)) {
    const src = done.outputs.find((o) => path.extname(o).toLowerCase() === `.${kind}`);
    if (!src) throw new Error(`the worker finished ${path.basename(planned.media)} without writing a .${kind} file.`);
    const taken = async (p: string) => claimed.has(p) || (await exists(p));
    let final = planned.choice === 'keep-both' && (await taken(target)) ? await keepBothPath(target, taken) : target;
    for (let attempt = 0; ; attempt++) {
      try {
        await placeOutput(src, final, planned.choice === 'overwrite' ? 'overwrite' : 'no-clobber');
        break;
      } catch (error) {
        // The name was taken after we asked: never overwrite unasked, keep both instead.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw error;
        final = await keepBothPath(target, taken);
      }
    }
    claimed.add(final);
    placed.push(final);
  }
  return placed;
}

interface RunContext {
  deps: TranscribeDeps;
  settings: WhisperxSettings;
  format: CliOutputFormat;
  env: NodeJS.ProcessEnv;
  token: string | undefined;
  signal: AbortSignal;
  report: (event: CliEvent & { type: 'progress' }, runIndex: number) => void;
}

/** One CLI run over files with distinct base names; outputs are placed as each file finishes. */
async function runOnce(
  items: readonly PlannedMedia[],
  runIndex: number,
  ctx: RunContext,
  claimed: Set<string>,
  outcome: TranscribeOutcome,
): Promise<void> {
  const { deps, token } = ctx;
  const tmp = await fs.mkdtemp(path.join(deps.tmpRoot ?? os.tmpdir(), 'whisperx-vscode-'));
  const byMedia = new Map(items.map((p) => [path.resolve(p.media), p]));
  let placing: Promise<void> = Promise.resolve();
  const placeErrors: string[] = [];
  try {
    const args = buildCliArgs({ files: items.map((p) => p.media), outputDir: tmp, format: ctx.format }, ctx.settings);
    deps.log.info(redactToken(`run: whisperx ${args.map((a) => JSON.stringify(a)).join(' ')}`, token));
    const result = await runCli({
      runtime: deps.runtime ?? process.execPath,
      cliPath: deps.cliPath,
      args,
      env: ctx.env,
      cwd: tmp,
      signal: ctx.signal,
      spawn: deps.spawn,
      onStdout: (line) => deps.log.info(redactToken(line, token)),
      onEvent: (event) => {
        if (event.type === 'progress') ctx.report(event, runIndex);
        else if (event.type === 'log') deps.log.info(redactToken(event.message, token));
        else if (event.type === 'text') deps.log.warn(redactToken(event.line, token));
        else if (event.type === 'error') deps.log.error(redactToken(`${event.kind}: ${event.message}`, token));
        else if (event.type === 'file-done') {
          const planned = byMedia.get(path.resolve(event.file));
          if (!planned) return;
          placing = placing.then(async () => {
            if (ctx.signal.aborted) return;
            try {
              const placed = await placeFinished(event, planned, claimed);
              outcome.written.push(...placed);
              for (const p of placed) deps.log.info(`wrote ${p}`);
            } catch (error) {
              placeErrors.push(`${path.basename(planned.media)}: ${(error as Error).message}`);
            }
          });
        }
      },
    });
    await placing;
    if (result.cancelled) {
      outcome.cancelled = true;
      deps.log.info('cancelled: the worker was stopped and its temporary output removed.');
      return;
    }
    const names = items.map((p) => path.basename(p.media)).join(', ');
    const failure = describeFailure(result, names);
    if (failure) outcome.failures.push(failure);
    for (const e of placeErrors)
      outcome.failures.push({ message: `WhisperX could not save ${e}`, actions: [SHOW_LOG] });
  } finally {
    await placing.catch(() => undefined);
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** The command: `clicked`/`selected` are what the Explorer or editor title passed (if anything). */
export async function transcribeCommand(
  kind: TranscriptionKind,
  deps: TranscribeDeps,
  clicked?: unknown,
  selected?: unknown,
): Promise<TranscribeOutcome> {
  const title =
    kind === 'markdown' ? 'WhisperX: Transcribe Media to Markdown' : 'WhisperX: Transcribe Media to Subtitles';
  let uris = invokedMediaUris(clicked, selected);
  if (uris.length === 0) uris = await pickMediaFiles(title);
  if (uris.length === 0) return EMPTY;

  const settings = readSettings(vscode.workspace.getConfiguration('whisperx', uris[0]));
  const problems = settingsProblems(settings);
  if (problems.length > 0) {
    await showFailure({ message: `WhisperX: ${problems.join(' ')}`, actions: [OPEN_SETTINGS] }, deps.log);
    return { ...EMPTY, failures: [{ message: problems.join(' '), actions: [OPEN_SETTINGS] }] };
  }
  let plan: PlannedMedia[];
  try {
    plan = await planOutputs(
      uris.map((u) => u.fsPath),
      { kind, settings, workspaceFolderOf },
    );
  } catch (error) {
    const report: FailureReport = { message: `WhisperX: ${(error as Error).message}`, actions: [OPEN_SETTINGS] };
    await showFailure(report, deps.log);
    return { ...EMPTY, failures: [report] };
  }
  if (plan.length === 0) return EMPTY;

  const token = await readHfToken(deps.secrets);
  const kinds = outputKinds(kind, settings);
  const format: CliOutputFormat = kinds.length > 1 ? 'all' : kinds[0]!;
  const runs = splitIntoRuns(plan);
  const outcome: TranscribeOutcome = { written: [], cancelled: false, failures: [] };
  const claimed = new Set<string>();
  const controller = new AbortController();
  const untrack = deps.track?.(controller) ?? (() => undefined);
  deps.log.info(`${title}: ${plan.map((p) => p.media).join(', ')}`);

  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'WhisperX', cancellable: true },
      async (progress, cancelToken) => {
        const sub = cancelToken.onCancellationRequested(() => controller.abort());
        const increments = new ProgressIncrements();
        const label = plan.length === 1 ? path.basename(plan[0]!.media) : undefined;
        progress.report({ message: `${label ?? `${plan.length} files`}: starting` });
        const ctx: RunContext = {
          deps,
          settings,
          format,
          env: childEnv(process.env, token, settings),
          token,
          signal: controller.signal,
          report: (event, runIndex) => {
            const overall = (runIndex + event.progress) / runs.length;
            progress.report({ message: progressMessage(event, label), increment: increments.next(overall) });
          },
        };
        try {
          for (let i = 0; i < runs.length && !controller.signal.aborted; i++) {
            await runOnce(runs[i]!, i, ctx, claimed, outcome);
          }
        } finally {
          sub.dispose();
        }
      },
    );
  } finally {
    untrack();
  }

  if (outcome.cancelled) {
    void vscode.window.showInformationMessage(
      outcome.written.length > 0
        ? `WhisperX: cancelled (${outcome.written.length} finished file(s) kept).`
        : 'WhisperX: cancelled; nothing was written.',
    );
  }
  await openResults(outcome.written, kind, settings);
  for (const failure of outcome.failures) void showFailure(failure, deps.log);
  return outcome;
}
