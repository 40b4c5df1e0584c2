import { describe, expect, it } from 'vitest';
import { buildProgram, readFlags, type CliFlags } from './flags.js';
import { logFilter, resolveRunDevice } from './run-helpers.js';

function parse(args: string[]): CliFlags {
  const program = buildProgram('0.0.0');
  program.exitOverride();
  program.parse(['input.wav', ...args], { from: 'user' });
  return readFlags(program);
}

describe('--log-level', () => {
  it.each([
    [[], { info: true, warning: true }],
    [['--log-level', 'debug'], { info: true, warning: true }],
    [['--log-level', 'info'], { info: true, warning: true }],
    [['--log-level', 'warning'], { info: false, warning: true }],
    [['--log-level', 'error'], { info: false, warning: false }],
    [['--log-level', 'critical'], { info: false, warning: false }],
  ])('%j', (args, expected) => {
    expect(logFilter(parse(args))).toEqual(expected);
  });
});

describe('--device auto in the CLI (provider list faked)', () => {
  it('runs on CUDA when a GPU answers, silently', async () => {
    const notes: string[] = [];
    const device = await resolveRunDevice(parse(['--device', 'auto']), (l) => notes.push(l), {
      listProviders: () => ['cpu', 'cuda'],
      probe: async () => undefined,
    });
    expect(device).toBe('cuda');
    expect(notes).toEqual([]);
  });

  it('falls back to the CPU with exactly one warning line', async () => {
    const notes: string[] = [];
    const device = await resolveRunDevice(parse(['--device', 'auto', '--device_index', '2']), (l) => notes.push(l), {
      listProviders: () => ['cpu', 'cuda'],
      probe: async () => {
        throw new Error('CUDA driver version is insufficient');
      },
    });
    expect(device).toBe('cpu');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^warning: --device auto: .*GPU 2 .*CUDA driver version is insufficient.*using the CPU\.$/,
    );
  });

  it('passes an explicit device through', async () => {
    expect(await resolveRunDevice(parse(['--device', 'cpu']), () => undefined)).toBe('cpu');
  });
});
