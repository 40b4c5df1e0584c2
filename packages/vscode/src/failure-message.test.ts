import { describe, expect, it } from 'vitest';
import { describeFailure, OPEN_SETTINGS, SET_TOKEN, SHOW_LOG } from './failure-message.js';
import type { CliRunResult } from './run-cli.js';

const result = (over: Partial<CliRunResult>): CliRunResult => ({
  exitCode: 0,
  exitSignal: null,
  cancelled: false,
  errors: [],
  filesDone: [],
  stderrTail: [],
  ...over,
});

describe('describeFailure', () => {
  it('is silent for success and for cancellation', () => {
    expect(describeFailure(result({}), 'a.wav')).toBeUndefined();
    expect(describeFailure(result({ cancelled: true, exitCode: 143 }), 'a.wav')).toBeUndefined();
  });

  it('shows the CLI error message with Open Settings for model problems', () => {
    const r = describeFailure(
      result({
        exitCode: 1,
        errors: [{ type: 'error', kind: 'model', message: 'Model "x" is not in the cache.', exitCode: 1 }],
      }),
      'a.wav',
    );
    expect(r).toEqual({
      message: 'WhisperX failed on a.wav: Model "x" is not in the cache.',
      actions: [OPEN_SETTINGS, SHOW_LOG],
    });
  });

  it('offers the token command for gated-model errors, and only the log for input errors', () => {
    const gated = describeFailure(
      result({
        exitCode: 1,
        errors: [{ type: 'error', kind: 'network', message: 'pyannote/x is gated (401)', exitCode: 1 }],
      }),
      'a.wav',
    );
    expect(gated?.actions).toEqual([SET_TOKEN, OPEN_SETTINGS, SHOW_LOG]);
    const input = describeFailure(
      result({
        exitCode: 1,
        errors: [{ type: 'error', kind: 'input', message: 'a.wav: no audio stream', exitCode: 1 }],
      }),
      'a.wav',
    );
    expect(input?.actions).toEqual([SHOW_LOG]);
  });

  it('explains a crash without an error event from the exit code and the last stderr line', () => {
    const r = describeFailure(
      result({ exitCode: 1, stderrTail: ['x', 'Segmentation fault in libonnxruntime'] }),
      'a.wav',
    );
    expect(r?.message).toBe(
      'WhisperX failed on a.wav: the worker exited with code 1 (Segmentation fault in libonnxruntime).',
    );
    expect(
      describeFailure(result({ exitCode: 2, stderrTail: ['whisperx: error: --batch_size bad'] }), 'a.wav'),
    ).toEqual({
      message: 'WhisperX failed on a.wav: the worker exited with code 2 (--batch_size bad).',
      actions: [OPEN_SETTINGS, SHOW_LOG],
    });
    expect(describeFailure(result({ exitCode: null, exitSignal: 'SIGKILL' }), 'a.wav')?.message).toMatch(
      /stopped by SIGKILL/,
    );
    expect(describeFailure(result({ spawnError: new Error('spawn ENOENT') }), 'a.wav')?.message).toMatch(
      /could not start/,
    );
  });
});
