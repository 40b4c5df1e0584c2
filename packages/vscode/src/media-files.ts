/**
 * Which files are media, and the quick pick that lets a person choose some of the
 * workspace's media files (several at once).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Extensions offered for transcription (lower case, without the dot). */
export const MEDIA_EXTENSIONS = ['wav', 'mp3', 'm4a', 'flac', 'ogg', 'opus', 'webm', 'mp4', 'mov', 'mkv'] as const;

/** Glob for `workspace.findFiles`; globs are case-sensitive, so upper-case extensions are listed too. */
export const MEDIA_GLOB = `**/*.{${[...MEDIA_EXTENSIONS, ...MEDIA_EXTENSIONS.map((e) => e.toUpperCase())].join(',')}}`;

/** Never offered: dependencies' test media. */
export const MEDIA_EXCLUDE = '**/node_modules/**';

/** Most files listed in the quick pick. */
export const MAX_MEDIA_RESULTS = 5000;

/** True when the path ends with one of MEDIA_EXTENSIONS (any case). */
export function isMediaPath(file: string): boolean {
  const ext = path.extname(file).slice(1).toLowerCase();
  return (MEDIA_EXTENSIONS as readonly string[]).includes(ext);
}

interface MediaPickItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
}

/** Quick pick items for these files: name as label, workspace-relative folder as description. */
export function mediaPickItems(uris: readonly vscode.Uri[]): MediaPickItem[] {
  return [...uris]
    .filter((u) => isMediaPath(u.fsPath))
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((uri) => {
      const relative = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const folder = path.posix.dirname(relative.split(path.sep).join('/'));
      return { label: path.basename(uri.fsPath), description: folder === '.' ? '' : folder, uri };
    });
}

/**
 * Ask which of the workspace's media files to transcribe. Returns [] when there are none
 * (after saying so) or when the person dismisses the pick.
 */
export async function pickMediaFiles(title: string, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('WhisperX: open a folder first; its media files are offered here.');
    return [];
  }
  const found = await vscode.workspace.findFiles(MEDIA_GLOB, MEDIA_EXCLUDE, MAX_MEDIA_RESULTS, token);
  const items = mediaPickItems(found);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      `WhisperX: no media files in this workspace (looked for ${MEDIA_EXTENSIONS.join(', ')}).`,
    );
    return [];
  }
  const picked = await chooseMany(items, title);
  return picked.map((item) => item.uri);
}

/**
 * A multi-select quick pick where Enter with nothing ticked takes the highlighted item, so
 * one file is picked with the arrows and Enter alone.
 */
function chooseMany(items: MediaPickItem[], title: string): Promise<MediaPickItem[]> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<MediaPickItem>();
    qp.title = title;
    qp.placeholder = 'Pick media files (Space ticks several; Enter transcribes the ticked or highlighted files)';
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.items = items;
    let settled = false;
    const finish = (result: MediaPickItem[]) => {
      if (settled) return;
      settled = true;
      resolve(result);
      qp.dispose();
    };
    qp.onDidAccept(() => finish(qp.selectedItems.length > 0 ? [...qp.selectedItems] : [...qp.activeItems]));
    qp.onDidHide(() => finish([]));
    qp.show();
    if (items[0]) qp.activeItems = [items[0]];
  });
}

/**
 * The files a command was invoked on: the Explorer passes (clicked, allSelected), the editor
 * title passes (uri); only media files are kept, in order, without duplicates.
 */
export function invokedMediaUris(clicked: unknown, selected: unknown): vscode.Uri[] {
  const candidates = Array.isArray(selected) && selected.length > 0 ? selected : clicked ? [clicked] : [];
  const seen = new Set<string>();
  const out: vscode.Uri[] = [];
  for (const c of candidates) {
    if (!(c instanceof vscode.Uri) || c.scheme !== 'file' || !isMediaPath(c.fsPath)) continue;
    if (seen.has(c.fsPath)) continue;
    seen.add(c.fsPath);
    out.push(c);
  }
  return out;
}
