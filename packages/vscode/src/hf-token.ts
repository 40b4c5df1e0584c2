/**
 * The Hugging Face token (for gated models such as pyannote's) lives in the editor's
 * SecretStorage (the OS keychain), never in settings.json.
 */
import type * as vscode from 'vscode';

/** SecretStorage key. */
export const HF_TOKEN_SECRET = 'whisperx.huggingFaceToken';

/** The stored token, or undefined. */
export async function readHfToken(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const token = await secrets.get(HF_TOKEN_SECRET);
  return token && token.trim() !== '' ? token.trim() : undefined;
}

/** Check the shape of a token typed by a person; returns a message, or undefined when fine. */
export function validateHfToken(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Paste a token (create one at huggingface.co/settings/tokens).';
  if (/\s/.test(v)) return 'A token has no spaces.';
  if (!v.startsWith('hf_')) return 'Hugging Face tokens start with "hf_".';
  if (v.length < 10) return 'This token looks too short.';
  return undefined;
}

/** Ask for a token (masked input) and store it. Returns true when one was stored. */
export async function promptAndStoreHfToken(
  secrets: vscode.SecretStorage,
  window: Pick<typeof vscode.window, 'showInputBox' | 'showInformationMessage'>,
): Promise<boolean> {
  const value = await window.showInputBox({
    title: 'WhisperX: Hugging Face token',
    prompt: 'Needed for gated models (speaker diarization). Stored in the OS keychain, never in settings.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'hf_...',
    validateInput: validateHfToken,
  });
  if (value === undefined) return false;
  await secrets.store(HF_TOKEN_SECRET, value.trim());
  void window.showInformationMessage('WhisperX: Hugging Face token saved.');
  return true;
}

/** Remove a stored token. */
export async function clearHfToken(
  secrets: vscode.SecretStorage,
  window: Pick<typeof vscode.window, 'showInformationMessage'>,
): Promise<void> {
  await secrets.delete(HF_TOKEN_SECRET);
  void window.showInformationMessage('WhisperX: Hugging Face token removed.');
}

/** Replace every occurrence of the token in a text meant for the log. */
export function redactToken(text: string, token: string | undefined): string {
  let out = token && token.length >= 4 ? text.split(token).join('***') : text;
  out = out.replace(/hf_[A-Za-z0-9]{20,}/g, 'hf_***');
  return out;
}
