/** The CLI's surface: --help, flag checks, exit codes and one-line errors (no models needed). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/kit.js';

const WHISPERX_FLAGS = [
  'model',
  'model_dir',
  'model_cache_only',
  'device',
  'device_index',
  'batch_size',
  'compute_type',
  'threads',
  'output_dir',
  'output_format',
  'verbose',
  'task',
  'language',
  'align_model',
  'interpolate_method',
  'no_align',
  'return_char_alignments',
  'vad_method',
  'vad_onset',
  'vad_offset',
  'chunk_size',
  'diarize',
  'min_speakers',
  'max_speakers',
  'diarize_model',
  'speaker_embeddings',
  'temperature',
  'best_of',
  'beam_size',
  'patience',
  'length_penalty',
  'suppress_tokens',
  'suppress_numerals',
  'initial_prompt',
  'hotwords',
  'condition_on_previous_text',
  'compression_ratio_threshold',
  'logprob_threshold',
  'no_speech_threshold',
  'max_line_width',
  'max_line_count',
  'highlight_words',
  'hf_token',
  'print_progress',
  'backend',
];

describe('whisperx --help', () => {
  it('lists every WhisperX flag and the backend choice', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of WHISPERX_FLAGS) expect(r.stdout, flag).toMatch(new RegExp(`--${flag}\\b`));
    expect(r.stdout).toContain('"auto", "onnx", "mlx"');
  });

  it('loads neither core nor onnxruntime (heavy modules load lazily)', async () => {
    const trace = path.join(mkdtempSync(path.join(tmpdir(), 'wx-trace-')), 'imports.txt');
    const hook = pathToFileURL(path.join(REPO_ROOT, 'test/helpers/trace-imports.mjs')).href;
    const r = await runCli(['--help'], { nodeArgs: ['--import', hook], env: { TRACE_IMPORTS_FILE: trace } });
    expect(r.code).toBe(0);
    const urls = readFileSync(trace, 'utf8');
    expect(urls).toContain('packages/cli/dist/flags.js');
    expect(urls).not.toMatch(/onnxruntime|packages\/core\//);
  });

  it('answers in under 0.3 s', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await runCli(['--help'])).ms);
    expect(Math.min(...times)).toBeLessThan(300);
  });
});

describe('usage errors exit 2 with one line', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown flag', ['a.wav', '--no_such_flag'], /unknown option '--no_such_flag'/],
    ['bad integer', ['a.wav', '--batch_size', 'eight'], /--batch_size expects an integer/],
    ['bad choice', ['a.wav', '--output_format', 'docx'], /argument 'docx' is invalid/],
    [
      'min > max speakers',
      ['a.wav', '--diarize', '--min_speakers', '3', '--max_speakers', '2'],
      /--min_speakers 3 is greater than --max_speakers 2/,
    ],
    ['line count without width', ['a.wav', '--max_line_count', '2'], /--max_line_count needs --max_line_width/],
    [
      'highlight without alignment',
      ['a.wav', '--highlight_words', 'True', '--no_align'],
      /--highlight_words needs word timings/,
    ],
    ['bad boolean', ['a.wav', '--highlight_words', 'maybe'], /expects True or False/],
    ['no input', [], /missing required argument 'audio'/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('inputs whose outputs would overwrite each other', () => {
  it('are refused (exit 2) before any model loads, naming both files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wx-clash-'));
    const other = path.join(dir, 'jfk.mp3');
    writeFileSync(other, readFileSync(path.join(REPO_ROOT, 'samples/jfk.wav')));
    const r = await runCli(['samples/jfk.wav', other, '--model', '/nonexistent/model', '-o', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('samples/jfk.wav and ' + other + ' would both write jfk.*');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('runtime errors exit 1 with one line naming the cause', () => {
  it('missing input file', async () => {
    const r = await runCli(['/nonexistent/talk.mp3', '--model', 'tiny']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/talk.mp3');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a model that is neither cached nor reachable names --model <local folder> and the cache', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'wx-hf-'));
    const r = await runCli(['samples/jfk.wav', '--model', 'tiny'], { env: { HF_HOME: home, HF_HUB_OFFLINE: '1' } });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--model <local folder>');
    expect(lines[0]).toContain(home);
  });

  it('--from_json with a file that is not a transcript', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wx-json-'));
    const f = path.join(dir, 'x.json');
    writeFileSync(f, '{"hello": 1}');
    const r = await runCli([f, '--from_json', '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a WhisperX JSON transcript');
  });

  it('never prints the Hugging Face token', async () => {
    const token = 'hf_abcdefghijklmnopqrstuvwxyz0123';
    const r = await runCli(['/nonexistent/x.wav', '--hf_token', token, '--verbose']);
    expect(r.stderr + r.stdout).not.toContain(token);
  });
});
