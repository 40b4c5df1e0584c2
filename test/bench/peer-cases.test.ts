import { afterEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error plain ESM module of the bench, no types
import { peerCases, peerModel } from '../../bench/lib/peers.mjs';
// @ts-expect-error plain ESM module of the bench, no types
import { printPeers } from '../../bench/lib/tables.mjs';

interface PeerCase {
  label: string;
  system?: string;
  argv?: string[];
  skipped?: string;
}

const arg = (c: PeerCase, name: string) => c.argv?.[c.argv.indexOf(name) + 1];

describe('bench peer cases', () => {
  it('runs every peer on the same audio, threads and batch, each on its own model format', () => {
    const cases: PeerCase[] = peerCases('tiny', 'fp32', '/a/speech.wav', { mlxModels: ['tiny'] });
    expect(cases.map((c) => c.label)).toEqual([
      'tiny faster-whisper',
      'tiny whisperx pyannote',
      'tiny whisperx silero',
      'tiny mlx-whisper',
      'tiny whisper.cpp f16',
    ]);
    for (const c of cases) {
      expect(arg(c, '--audio')).toBe('/a/speech.wav');
      expect(arg(c, '--threads')).toBe('2');
      expect(arg(c, '--batch')).toBe('8');
    }
    expect(arg(cases[0], '--model')).toBe(peerModel('tiny', 'ct2'));
    expect(arg(cases[1], '--vad_method')).toBe('pyannote');
    expect(arg(cases[2], '--vad_method')).toBe('silero');
    expect(arg(cases[3], '--model')).toBe(peerModel('tiny', 'mlx'));
    expect(arg(cases[4], '--model')).toMatch(/whisper-tiny-random-ggml\.bin$/);
    expect(arg(cases[0], '--compute_type')).toBe('float32');
  });

  it('reports what a peer cannot run instead of leaving it out', () => {
    const cases: PeerCase[] = peerCases('base', 'int8', '/a/speech.wav', { mlxModels: ['tiny'] });
    const cpp = cases.find((c) => c.label === 'base whisper.cpp int8');
    const mlx = cases.find((c) => c.label === 'base mlx-whisper int8');
    expect(cpp?.skipped).toMatch(/quantize tool/);
    expect(mlx?.skipped).toMatch(/--mlx-models/);
    expect(arg(cases[0], '--compute_type')).toBe('int8');
  });

  it('uses the real base weights of the eval set-up for base-real', () => {
    expect(peerModel('base-real', 'ct2')).toMatch(/whisperx-ts-eval\/models\/whisper-base-ct2$/);
    expect(peerModel('base-real', 'mlx')).toMatch(/whisper-base-real-mlx$/);
  });
});

describe('bench peer table', () => {
  afterEach(() => vi.restoreAllMocks());

  it('divides our x realtime by each peer of the same model and compute type, and lists skipped peers', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    printPeers([
      { case: 'tiny ours', xRealtime: 40, windows: 21, tokens: 1680, stages: { vad: 2 }, peakRssMb: 800 },
      { case: 'tiny faster-whisper', xRealtime: 20, windows: 20, tokens: 1600, stages: {}, peakRssMb: 600 },
      { case: 'tiny ours int8', xRealtime: 60, windows: 21, tokens: 1680, stages: {}, peakRssMb: 700 },
      { case: 'tiny faster-whisper int8', xRealtime: 40, windows: 20, tokens: 1600, stages: {}, peakRssMb: 500 },
      { case: 'tiny whisper.cpp int8', system: 'whisper.cpp', skipped: 'not run: no quantize tool' },
    ]);
    const row = (label: string) => lines.find((l) => l.startsWith(`${label} `)) ?? '';
    expect(row('tiny faster-whisper')).toMatch(/2\.00x\s*$/);
    expect(row('tiny faster-whisper int8')).toMatch(/1\.50x\s*$/);
    expect(row('tiny faster-whisper')).toMatch(/\b80\.0\b/); // tokens per window
    expect(row('tiny whisper.cpp int8')).toContain('not run: no quantize tool');
  });
});
