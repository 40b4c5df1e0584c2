import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as vscode from 'vscode';
import { resetVscodeMock, window } from '../test/vscode-mock.js';
import {
  clearHfToken,
  HF_TOKEN_SECRET,
  promptAndStoreHfToken,
  readHfToken,
  redactToken,
  validateHfToken,
} from './hf-token.js';

function secretStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    storage: {
      get: vi.fn(async (k: string) => map.get(k)),
      store: vi.fn(async (k: string, v: string) => void map.set(k, v)),
      delete: vi.fn(async (k: string) => void map.delete(k)),
      onDidChange: vi.fn(),
    } as unknown as vscode.SecretStorage,
  };
}

beforeEach(() => resetVscodeMock());

describe('Hugging Face token', () => {
  it('reads the token from SecretStorage', async () => {
    expect(await readHfToken(secretStorage({ [HF_TOKEN_SECRET]: ' hf_abc123456789 ' }).storage)).toBe(
      'hf_abc123456789',
    );
    expect(await readHfToken(secretStorage({ [HF_TOKEN_SECRET]: '' }).storage)).toBeUndefined();
    expect(await readHfToken(secretStorage().storage)).toBeUndefined();
  });

  it('asks with a masked input box and stores the answer in SecretStorage', async () => {
    const { storage, map } = secretStorage();
    window.showInputBox.mockResolvedValue('hf_abcdefghijklmnop');
    expect(await promptAndStoreHfToken(storage, window as unknown as typeof vscode.window)).toBe(true);
    expect(window.showInputBox.mock.calls[0]![0]).toMatchObject({ password: true, ignoreFocusOut: true });
    expect(map.get(HF_TOKEN_SECRET)).toBe('hf_abcdefghijklmnop');
    window.showInputBox.mockResolvedValue(undefined);
    expect(await promptAndStoreHfToken(storage, window as unknown as typeof vscode.window)).toBe(false);
    await clearHfToken(storage, window as unknown as typeof vscode.window);
    expect(map.has(HF_TOKEN_SECRET)).toBe(false);
  });

  it('validates the shape of a typed token', () => {
    expect(validateHfToken('hf_abcdefghij')).toBeUndefined();
    expect(validateHfToken('')).toMatch(/Paste a token/);
    expect(validateHfToken('abc_defghijkl')).toMatch(/start with "hf_"/);
    expect(validateHfToken('hf_ab cd')).toMatch(/no spaces/);
  });

  it('redacts the token from log lines', () => {
    expect(redactToken('token=hf_secretvalue1 ok', 'hf_secretvalue1')).toBe('token=*** ok');
    expect(redactToken('saw hf_ABCDEFGHIJKLMNOPQRSTUVWX in a url', undefined)).toBe('saw hf_*** in a url');
  });
});
