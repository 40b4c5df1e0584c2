import { describe, expect, it } from 'vitest';
import { buildProgram, readFlags, type CliFlags } from '../flags.js';
import { jobData, jobId, workerFlags } from './job-spec.js';

function parse(args: string[]): CliFlags {
  const program = buildProgram('0.0.0');
  program.exitOverride();
  program.parse(['input.wav', ...args], { from: 'user' });
  return readFlags(program);
}

describe('queue jobs', () => {
  it('one id per file x output folder x output options; machine-local flags do not count', () => {
    const id = jobId(jobData('/data/a.wav', '/out', parse(['--model', 'tiny'])));
    expect(id).toMatch(/^wx-[0-9a-f]{32}$/);
    expect(
      jobId(jobData('/data/a.wav', '/out', parse(['--model', 'tiny', '--threads', '3', '--device', 'auto']))),
    ).toBe(id);
    expect(jobId(jobData('/data/b.wav', '/out', parse(['--model', 'tiny'])))).not.toBe(id);
    expect(jobId(jobData('/data/a.wav', '/elsewhere', parse(['--model', 'tiny'])))).not.toBe(id);
    expect(jobId(jobData('/data/a.wav', '/out', parse(['--model', 'base'])))).not.toBe(id);
    expect(jobId(jobData('/data/a.wav', '/out', parse(['--model', 'tiny', '-f', 'srt'])))).not.toBe(id);
  });

  it("never carries the Hugging Face token; the worker's own flags win for its machine", () => {
    const data = jobData(
      'a.wav',
      'out',
      parse(['--hf_token', 'hf_abcdefghijklmnopqrstuvwx', '--threads', '8', '--language', 'de']),
    );
    expect(JSON.stringify(data)).not.toContain('hf_abcdefghijklmnopqrstuvwx');
    expect(data.file).toMatch(/^\/.*a\.wav$/);
    const flags = workerFlags(data, { threads: 2, device: 'cpu' });
    expect(flags).toMatchObject({
      threads: 2,
      device: 'cpu',
      language: 'de',
      output_dir: data.outputDir,
      model: 'small',
    });
    expect(flags.hf_token).toBeUndefined();
  });
});
