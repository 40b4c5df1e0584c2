import { describe, expect, it } from 'vitest';
import { buildProgram, readFlags, type CliFlags } from './flags.js';
import { pipelineOptionsFromFlags } from './pipeline-options.js';
import { flagProblems } from './validate-flags.js';

function parse(args: string[]): CliFlags {
  const program = buildProgram('0.0.0');
  program.exitOverride();
  program.parse(['input.wav', ...args], { from: 'user' });
  return readFlags(program);
}

describe('WhisperX optional flags', () => {
  it('keeps WhisperX defaults: temperature fallback 0..1 by 0.2, beam 5, thresholds on', () => {
    const asr = pipelineOptionsFromFlags(parse([])).asrOptions!;
    expect(asr.temperature).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(asr).toMatchObject({ beamSize: 5, bestOf: 5, compressionRatioThreshold: 2.4, logprobThreshold: -1 });
    expect(asr.noSpeechThreshold).toBe(0.6);
  });

  it('accepts None as scripts written for WhisperX pass it (optional_float / optional_int)', () => {
    const flags = parse([
      '--temperature_increment_on_fallback',
      'None',
      '--compression_ratio_threshold',
      'None',
      '--logprob_threshold',
      'None',
      '--no_speech_threshold',
      'None',
      '--beam_size',
      'None',
      '--best_of',
      'None',
      '--max_line_width',
      'None',
      '--max_line_count',
      'None',
    ]);
    expect(flagProblems(flags)).toEqual([]);
    const asr = pipelineOptionsFromFlags(flags).asrOptions!;
    expect(asr.temperature).toEqual([0]); // no fallback
    expect(asr.compressionRatioThreshold).toBeNull();
    expect(asr.logprobThreshold).toBeNull();
    expect(asr.noSpeechThreshold).toBeNull();
    expect(asr.beamSize).toBe(1);
    expect(asr.bestOf).toBe(1);
  });

  it('passes --seed to the decoder (unseeded by default) and refuses a negative or fractional one', () => {
    expect(pipelineOptionsFromFlags(parse([])).asrOptions!.seed).toBeUndefined();
    expect(pipelineOptionsFromFlags(parse(['--seed', '7'])).asrOptions!.seed).toBe(7);
    expect(() => parse(['--seed', '-1'])).toThrow(/--seed/);
    expect(() => parse(['--seed', '1.5'])).toThrow(/--seed/);
  });

  it('still refuses other words', () => {
    expect(() => parse(['--logprob_threshold', 'none!'])).toThrow(/expects a number/);
    expect(() => parse(['--beam_size', 'many'])).toThrow(/expects an integer/);
  });
});

describe('WhisperX --fp16', () => {
  it('defaults to True: float16 on CUDA, float32 (the default file) on the CPU, as WhisperX falls back', () => {
    expect(parse([]).fp16).toBe(true);
    expect(pipelineOptionsFromFlags({ ...parse([]), device: 'cuda' }).computeType).toBe('float16');
    expect(pipelineOptionsFromFlags(parse([])).computeType).toBe('default');
  });

  it('--fp16 False keeps float32 on CUDA; an explicit --compute_type wins', () => {
    expect(pipelineOptionsFromFlags({ ...parse(['--fp16', 'False']), device: 'cuda' }).computeType).toBe('default');
    expect(pipelineOptionsFromFlags({ ...parse(['--compute_type', 'int8']), device: 'cuda' }).computeType).toBe('int8');
  });

  it('--fp16 False with --compute_type float16 is a usage problem', () => {
    expect(flagProblems(parse(['--fp16', 'False', '--compute_type', 'float16']))).toEqual([
      expect.stringContaining('--fp16 False'),
    ]);
  });
});
