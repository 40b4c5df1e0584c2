import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { quickPickState, resetVscodeMock, setWorkspaceFolder, Uri, window, workspace } from '../test/vscode-mock.js';
import { invokedMediaUris, isMediaPath, MEDIA_EXCLUDE, MEDIA_GLOB, pickMediaFiles } from './media-files.js';

const root = path.resolve('/ws');
const file = (rel: string) => Uri.file(path.join(root, rel));

beforeEach(() => {
  resetVscodeMock();
  setWorkspaceFolder(root);
});

describe('media files', () => {
  it('recognises the media extensions in any case', () => {
    for (const ext of ['wav', 'mp3', 'm4a', 'flac', 'ogg', 'opus', 'webm', 'mp4', 'mov', 'mkv', 'MP4', 'Wav']) {
      expect(isMediaPath(`/x/talk.${ext}`)).toBe(true);
    }
    for (const name of ['/x/notes.md', '/x/wav', '/x/movie.avi', '/x/a.wav.txt']) expect(isMediaPath(name)).toBe(false);
  });

  it('searches the workspace with the media glob, excluding node_modules', async () => {
    workspace.findFiles.mockResolvedValue([]);
    await pickMediaFiles('T');
    const [glob, exclude] = workspace.findFiles.mock.calls[0]!;
    expect(exclude).toBe('**/node_modules/**');
    expect(exclude).toBe(MEDIA_EXCLUDE);
    expect(glob).toBe(MEDIA_GLOB);
    expect(MEDIA_GLOB).toMatch(/^\*\*\/\*\.\{.*\}$/);
    for (const ext of ['wav', 'mkv', 'opus', 'MP3']) expect(MEDIA_GLOB).toContain(ext);
    expect(window.showInformationMessage).toHaveBeenCalledWith(expect.stringMatching(/no media files/));
  });

  it('offers a sorted multi-select pick and returns the ticked files', async () => {
    workspace.findFiles.mockResolvedValue([file('talks/b.mp4'), file('a.wav'), file('talks/notes.txt')]);
    quickPickState.onShow = (qp) => {
      expect(qp.canSelectMany).toBe(true);
      const items = qp.items as { label: string; description: string; uri: vscode.Uri }[];
      expect(items.map((i) => [i.label, i.description])).toEqual([
        ['a.wav', ''],
        ['b.mp4', 'talks'],
      ]);
      qp.selectedItems = [...qp.items];
      qp.accept();
    };
    const picked = await pickMediaFiles('T');
    expect(picked.map((u) => u.fsPath)).toEqual([path.join(root, 'a.wav'), path.join(root, 'talks/b.mp4')]);
    expect(quickPickState.last?.disposed).toBe(true);
  });

  it('takes the highlighted file when Enter is pressed with nothing ticked', async () => {
    workspace.findFiles.mockResolvedValue([file('a.wav'), file('b.wav')]);
    quickPickState.onShow = (qp) => {
      queueMicrotask(() => {
        qp.activeItems = [qp.items[1]!];
        qp.accept();
      });
    };
    expect((await pickMediaFiles('T')).map((u) => path.basename(u.fsPath))).toEqual(['b.wav']);
  });

  it('returns nothing when the pick is dismissed, or without a folder', async () => {
    workspace.findFiles.mockResolvedValue([file('a.wav')]);
    quickPickState.onShow = (qp) => queueMicrotask(() => qp.hide());
    expect(await pickMediaFiles('T')).toEqual([]);
    setWorkspaceFolder(undefined);
    expect(await pickMediaFiles('T')).toEqual([]);
    expect(workspace.findFiles).toHaveBeenCalledTimes(1);
  });

  it('uses the Explorer selection (media only, no duplicates) over the clicked file', () => {
    const a = file('a.wav');
    const selection = [
      a,
      file('notes.md'),
      file('b.mkv'),
      Uri.file(path.join(root, 'a.wav')),
      Uri.parse('untitled:x.wav'),
    ];
    expect(invokedMediaUris(a, selection).map((u) => path.basename(u.fsPath))).toEqual(['a.wav', 'b.mkv']);
    expect(invokedMediaUris(file('c.mp3'), undefined).map((u) => path.basename(u.fsPath))).toEqual(['c.mp3']);
    expect(invokedMediaUris(undefined, undefined)).toEqual([]);
    expect(invokedMediaUris(file('notes.md'), [])).toEqual([]);
  });
});
