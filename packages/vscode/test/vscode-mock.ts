/**
 * A stand-in for the `vscode` module in unit tests (vitest.config.ts aliases `vscode` here).
 * Only what the extension uses; every function is a vi.fn that tests steer. resetVscodeMock()
 * restores the defaults between tests.
 */
import * as path from 'node:path';
import { vi } from 'vitest';

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p));
  }
  static parse(value: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(value);
    return m ? new Uri(m[1]!, m[2]!) : new Uri('file', value);
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** A CancellationTokenSource like VS Code's. */
export class CancellationTokenSource {
  private listeners: (() => void)[] = [];
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => {
      this.listeners.push(listener);
      return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
    },
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    for (const l of [...this.listeners]) l();
  }
}

/** What withProgress saw, for assertions (reset by resetVscodeMock). */
export const progressState = {
  reports: [] as { message?: string; increment?: number }[],
  source: undefined as CancellationTokenSource | undefined,
  options: undefined as unknown,
};

/** A fake QuickPick: tests call accept()/hide() through `lastQuickPick`. */
export class FakeQuickPick<T> {
  items: T[] = [];
  selectedItems: T[] = [];
  activeItems: T[] = [];
  title = '';
  placeholder = '';
  canSelectMany = false;
  matchOnDescription = false;
  shown = false;
  disposed = false;
  private acceptListeners: (() => void)[] = [];
  private hideListeners: (() => void)[] = [];
  onDidAccept = (l: () => void) => (this.acceptListeners.push(l), { dispose() {} });
  onDidHide = (l: () => void) => (this.hideListeners.push(l), { dispose() {} });
  show = () => {
    this.shown = true;
    quickPickState.onShow?.(this as FakeQuickPick<unknown>);
  };
  dispose = () => {
    this.disposed = true;
  };
  accept(): void {
    for (const l of this.acceptListeners) l();
  }
  hide(): void {
    for (const l of this.hideListeners) l();
  }
}

export const quickPickState = {
  last: undefined as FakeQuickPick<unknown> | undefined,
  /** Called when the pick is shown: tests tick items and accept here. */
  onShow: undefined as ((qp: FakeQuickPick<unknown>) => void) | undefined,
};

const configValues = new Map<string, unknown>();
/** Set `whisperx.*` values seen by getConfiguration('whisperx'). */
export function setConfiguration(values: Record<string, unknown>): void {
  configValues.clear();
  for (const [k, v] of Object.entries(values)) configValues.set(k, v);
}

export const window = {
  showQuickPick: vi.fn(),
  createQuickPick: vi.fn(),
  showWarningMessage: vi.fn(),
  showErrorMessage: vi.fn(),
  showInformationMessage: vi.fn(),
  showInputBox: vi.fn(),
  showTextDocument: vi.fn(),
  withProgress: vi.fn(),
  createOutputChannel: vi.fn(),
};

export const workspace = {
  workspaceFolders: undefined as { uri: Uri; name: string; index: number }[] | undefined,
  findFiles: vi.fn(),
  getConfiguration: vi.fn(),
  asRelativePath: vi.fn(),
  getWorkspaceFolder: vi.fn(),
};

export const commands = {
  registerCommand: vi.fn(),
  executeCommand: vi.fn(),
};

/** Point the workspace at one folder. */
export function setWorkspaceFolder(folder: string | undefined): void {
  workspace.workspaceFolders = folder ? [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }] : undefined;
}

export function resetVscodeMock(): void {
  vi.clearAllMocks();
  progressState.reports = [];
  progressState.source = undefined;
  progressState.options = undefined;
  quickPickState.last = undefined;
  quickPickState.onShow = undefined;
  configValues.clear();
  setWorkspaceFolder(undefined);
  window.createQuickPick.mockImplementation(() => {
    const qp = new FakeQuickPick();
    quickPickState.last = qp;
    return qp;
  });
  window.withProgress.mockImplementation(
    async (options: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => {
      const source = new CancellationTokenSource();
      progressState.source = source;
      progressState.options = options;
      return task(
        { report: (r: { message?: string; increment?: number }) => progressState.reports.push(r) },
        source.token,
      );
    },
  );
  window.showWarningMessage.mockResolvedValue(undefined);
  window.showErrorMessage.mockResolvedValue(undefined);
  window.showInformationMessage.mockResolvedValue(undefined);
  window.showTextDocument.mockResolvedValue(undefined);
  commands.executeCommand.mockResolvedValue(undefined);
  workspace.findFiles.mockResolvedValue([]);
  workspace.getConfiguration.mockImplementation(() => ({ get: (key: string) => configValues.get(key) }));
  workspace.asRelativePath.mockImplementation((uri: Uri | string) => {
    const p = typeof uri === 'string' ? uri : uri.fsPath;
    const root = workspace.workspaceFolders?.[0]?.uri.fsPath;
    return root && p.startsWith(root + path.sep) ? path.relative(root, p) : p;
  });
  workspace.getWorkspaceFolder.mockImplementation((uri: Uri) =>
    workspace.workspaceFolders?.find((f) => uri.fsPath.startsWith(f.uri.fsPath + path.sep)),
  );
}

resetVscodeMock();
