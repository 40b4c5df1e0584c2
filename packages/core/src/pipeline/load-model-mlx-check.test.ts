/**
 * `loadModel(..., { backend: 'mlx' })` checks that MLX is there before resolving (or downloading)
 * the model: with the availability check failing, the model name is never looked at. Runs on every
 * machine (the check is replaced), whether or not native-mlx is built here.
 */
import { describe, expect, it, vi } from 'vitest';
import { WhisperxError } from '../errors.js';

vi.mock('../backends/mlx-backend.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../backends/mlx-backend.js')>()),
  assertMlxAvailable: vi.fn(async () => {
    throw new WhisperxError('unavailable', '--backend mlx needs MLX: pip install "mlx[cpu]==0.32.*" (test stand-in)');
  }),
}));

const { loadModel } = await import('./load-model.js');

describe('loadModel with backend mlx, MLX missing', () => {
  it('says MLX is missing before resolving the model', async () => {
    const err = (await loadModel('no-such-org/no-such-model', { backend: 'mlx', localFilesOnly: true }).then(
      () => ({ kind: 'none', message: 'loaded' }),
      (e: unknown) => e,
    )) as { kind: string; message: string };
    expect(err).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('--backend mlx needs MLX') });
    expect(err.message).not.toContain('no-such-model');
  });
});
