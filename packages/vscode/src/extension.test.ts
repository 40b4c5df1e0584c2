import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { commands, resetVscodeMock, window } from '../test/vscode-mock.js';
import { activate } from './extension.js';
import { MEDIA_EXTENSIONS } from './media-files.js';
import { DEFAULT_SETTINGS } from './settings.js';

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when: string }[]>;
    configuration: { properties: Record<string, { default: unknown }> };
  };
}
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Manifest;

beforeEach(() => {
  resetVscodeMock();
  window.createOutputChannel.mockReturnValue({ info() {}, warn() {}, error() {}, show() {}, dispose() {} });
});

describe('extension manifest and activation', () => {
  it('registers exactly the contributed commands, and activates only on them', () => {
    const subscriptions: { dispose(): unknown }[] = [];
    activate({ subscriptions, extensionPath: '/ext', secrets: {} } as unknown as vscode.ExtensionContext);
    const registered = commands.registerCommand.mock.calls.map((c) => c[0]).sort();
    expect(registered).toEqual(manifest.contributes.commands.map((c) => c.command).sort());
    expect(manifest.activationEvents.sort()).toEqual(registered.map((c) => `onCommand:${c}`));
    expect(window.createOutputChannel).toHaveBeenCalledWith('WhisperX', { log: true });
    expect(manifest.main).toBe('./dist/extension.cjs');
  });

  it('has the titles the issue names', () => {
    const titles = manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        'WhisperX: Transcribe Media to Markdown',
        'WhisperX: Transcribe Media to Subtitles',
        'WhisperX: Set Hugging Face Token',
      ]),
    );
  });

  it('shows the menu entries for exactly the media extensions', () => {
    for (const menu of ['explorer/context', 'editor/title']) {
      const entries = manifest.contributes.menus[menu]!;
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        const m = /resourceExtname =~ \/\^\\\.\((.*)\)\$\/i/.exec(entry.when);
        expect(m, entry.when).not.toBeNull();
        expect(m![1]!.split('|')).toEqual([...MEDIA_EXTENSIONS]);
      }
    }
  });

  it('declares every setting with the defaults the code uses (and no token setting)', () => {
    const props = manifest.contributes.configuration.properties;
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      expect(props[`whisperx.${key}`], key).toBeDefined();
      expect(props[`whisperx.${key}`]!.default ?? undefined).toEqual(value);
    }
    expect(Object.keys(props).filter((k) => /token/i.test(k))).toEqual([]);
    expect(Object.keys(props).length).toBe(Object.keys(DEFAULT_SETTINGS).length);
  });
});
