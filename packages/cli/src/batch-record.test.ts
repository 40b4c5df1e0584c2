import { mkdtempSync, utimesSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputOptionsKey, recordPath, requestedOutputs, staleReason, writeRecord } from './batch-record.js';
import { buildProgram, readFlags, type CliFlags } from './flags.js';

function parse(args: string[]): CliFlags {
  const program = buildProgram('0.0.0');
  program.exitOverride();
  program.parse(['input.wav', ...args], { from: 'user' });
  return readFlags(program);
}

describe('outputOptionsKey', () => {
  it('changes with options that shape the outputs', () => {
    const base = outputOptionsKey(parse([]));
    for (const args of [
      ['--model', 'tiny'],
      ['--language', 'de'],
      ['--beam_size', '1'],
      ['--no_align'],
      ['--max_line_width', '30'],
      ['--highlight_words', 'True'],
      ['--diarize'],
      ['--chunk_size', '20'],
      ['--seed', '1'],
    ]) {
      expect(outputOptionsKey(parse(args)), args.join(' ')).not.toBe(base);
    }
  });

  it('keeps the key of an unseeded run as it was before --seed existed (their records stay valid)', () => {
    // WhisperX's defaults as records written by the previous release hold them
    expect(outputOptionsKey(parse([]))).toBe('78f8c360c416ab65');
    expect(outputOptionsKey(parse(['--seed', '2']))).not.toBe(outputOptionsKey(parse(['--seed', '3'])));
  });

  it('ignores where and how fast the work runs, what is shown, and the token', () => {
    const base = outputOptionsKey(parse([]));
    for (const args of [
      ['--threads', '2'],
      ['--batch_size', '16'],
      ['--device', 'auto'],
      ['--progress', 'jsonl'],
      ['--log-level', 'error'],
      ['--hf_token', 'hf_secret'],
      ['-o', 'elsewhere'],
      ['--output_format', 'srt'],
      ['--diarize_model', 'other/model'],
    ]) {
      expect(outputOptionsKey(parse(args)), args.join(' ')).toBe(base);
    }
  });
});

describe('staleReason', () => {
  it('is undefined only when the record, the input and every requested output agree', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wx-record-'));
    const input = path.join(dir, 'talk.wav');
    writeFileSync(input, 'abc');
    const flags = parse(['--output_format', 'txt']);
    const key = outputOptionsKey(flags);
    expect(await staleReason(input, dir, flags, key)).toBe('no record');
    writeFileSync(path.join(dir, 'talk.txt'), 'hello');
    await writeRecord(input, dir, key, [path.join(dir, 'talk.txt')], 1.5);
    expect(recordPath(input, dir)).toBe(path.join(dir, 'talk.whisperx-record.json'));
    expect(await staleReason(input, dir, flags, key)).toBeUndefined();
    expect(await staleReason(input, dir, flags, 'other')).toBe('options changed');
    const srt = parse(['--output_format', 'srt']);
    expect(await staleReason(input, dir, srt, key)).toBe('talk.srt missing');
    expect(requestedOutputs(input, parse([]))).toEqual([
      'talk.txt',
      'talk.vtt',
      'talk.srt',
      'talk.tsv',
      'talk.json',
      'talk.md',
    ]);
    utimesSync(input, new Date(), new Date(Date.now() - 60_000));
    expect(await staleReason(input, dir, flags, key)).toBe('input changed');
    await writeRecord(input, dir, key, [path.join(dir, 'talk.txt')], 1.5);
    rmSync(path.join(dir, 'talk.txt'));
    expect(await staleReason(input, dir, flags, key)).toBe('talk.txt missing');
  });
});
