/**
 * Entry point: activated only by the extension's commands. Registers the commands, owns the
 * output channel and the running jobs (cancelled when the extension is deactivated).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearHfToken, promptAndStoreHfToken } from './hf-token.js';
import { transcribeCommand, type TranscribeDeps } from './transcribe-command.js';

/** The bundled CLI worker, relative to the extension's root. */
export const CLI_ENTRY = path.join('dist', 'cli', 'whisperx-cli.mjs');

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('WhisperX', { log: true });
  const jobs = new Set<AbortController>();
  const deps: TranscribeDeps = {
    cliPath: path.join(context.extensionPath, CLI_ENTRY),
    secrets: context.secrets,
    log,
    track: (controller) => {
      jobs.add(controller);
      return () => jobs.delete(controller);
    },
  };
  const guard =
    (fn: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]): Promise<void> => {
      try {
        await fn(...args);
      } catch (error) {
        log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        const action = await vscode.window.showErrorMessage(`WhisperX: ${(error as Error).message}`, 'Show Log');
        if (action === 'Show Log') log.show();
      }
    };
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(
      'whisperx.transcribeToMarkdown',
      guard((clicked, selected) => transcribeCommand('markdown', deps, clicked, selected)),
    ),
    vscode.commands.registerCommand(
      'whisperx.transcribeToSubtitles',
      guard((clicked, selected) => transcribeCommand('subtitles', deps, clicked, selected)),
    ),
    vscode.commands.registerCommand(
      'whisperx.setHuggingFaceToken',
      guard(() => promptAndStoreHfToken(context.secrets, vscode.window)),
    ),
    vscode.commands.registerCommand(
      'whisperx.clearHuggingFaceToken',
      guard(() => clearHfToken(context.secrets, vscode.window)),
    ),
    vscode.commands.registerCommand('whisperx.showLog', () => log.show()),
    { dispose: () => jobs.forEach((c) => c.abort()) },
  );
}

/** Running jobs are cancelled by the disposable above when the extension's subscriptions are disposed. */
export function deactivate(): void {}
