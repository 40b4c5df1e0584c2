import { describe, expect, it } from 'vitest';
import { resolveDevice } from './session.js';

const answers = async () => undefined;
const silent = async () => {
  throw new Error('no CUDA-capable device is detected');
};

describe('resolveDevice (--device auto)', () => {
  it('picks CUDA when the provider is listed and a GPU answers', async () => {
    const probed: Array<[string, number]> = [];
    const r = await resolveDevice('auto', {
      deviceIndex: 1,
      listProviders: () => ['cpu', 'cuda'],
      probe: async (d, i) => {
        probed.push([d, i]);
      },
    });
    expect(r).toEqual({ device: 'cuda' });
    expect(probed).toEqual([['cuda', 1]]);
  });

  it('falls back to the CPU with one line when the provider is listed but no GPU answers', async () => {
    const r = await resolveDevice('auto', { listProviders: () => ['cpu', 'cuda'], probe: silent });
    expect(r.device).toBe('cpu');
    expect(r.note).toContain('no CUDA-capable device is detected');
    expect(r.note).toContain('using the CPU');
    expect(r.note!.split('\n')).toHaveLength(1);
  });

  it('uses the CPU with one line when no GPU provider is listed (the probe is not run)', async () => {
    let probed = false;
    const r = await resolveDevice('auto', {
      listProviders: () => ['cpu', 'webgpu'],
      probe: async () => {
        probed = true;
      },
    });
    expect(r.device).toBe('cpu');
    expect(r.note).toContain('available: cpu, webgpu');
    expect(probed).toBe(false);
  });

  it('picks CoreML on macOS when listed and no CUDA is there', async () => {
    const r = await resolveDevice('auto', {
      listProviders: () => ['cpu', 'coreml'],
      probe: answers,
      platform: 'darwin',
    });
    expect(r).toEqual({ device: 'coreml' });
  });

  it('returns an explicit device unchanged, without probing', async () => {
    const r = await resolveDevice('cpu', { listProviders: () => ['cpu', 'cuda'], probe: silent });
    expect(r).toEqual({ device: 'cpu' });
  });

  it('on this machine: the real provider list and probe end on a concrete device', async () => {
    const r = await resolveDevice('auto');
    expect(['cpu', 'cuda', 'coreml']).toContain(r.device);
    if (r.device === 'cpu') expect(r.note).toMatch(/using the CPU/);
  });
});
