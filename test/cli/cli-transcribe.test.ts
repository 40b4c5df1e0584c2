/**
 * The CLI end to end on the conformance kit's random-weight models: every output format, word
 * timings from alignment, jsonl progress, --from_json, and cancellation without partial files.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSync } from 'subtitle';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { kitPath } from '../helpers/kit.js';

const WHISPER = kitPath('whisper-mini');
const WAV2VEC2 = kitPath('wav2vec2-mini');
const JFK = kitPath('audio/jfk.wav');
const out = () => mkdtempSync(path.join(tmpdir(), 'wx-cli-'));

describe('whisperx on the kit models', () => {
  it('transcribes jfk.wav with --vad_method none --no_align and writes every format', async () => {
    const dir = out();
    const r = await runCli([
      JFK,
      '--model',
      WHISPER,
      '--backend',
      'onnx',
      '--vad_method',
      'none',
      '--no_align',
      '-o',
      dir,
      '--output_format',
      'all',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['jfk.json', 'jfk.md', 'jfk.srt', 'jfk.tsv', 'jfk.txt', 'jfk.vtt']);
    const json = JSON.parse(readFileSync(path.join(dir, 'jfk.json'), 'utf8'));
    expect(json.segments).toHaveLength(1);
    expect(json.segments[0].start).toBe(0);
    expect(json.segments[0].end).toBe(11);
    expect(json.language).toMatch(/^[a-z]{2,3}$/);
    const md = readFileSync(path.join(dir, 'jfk.md'), 'utf8');
    expect(md).toMatch(/^# jfk\.wav/);
    expect(md).toContain('00:00:11');
    const cues = parseSync(readFileSync(path.join(dir, 'jfk.srt'), 'utf8'));
    expect(cues.length).toBeGreaterThan(0);
  });

  it('aligns words with the wav2vec2 model and highlights them in srt', async () => {
    const dir = out();
    const r = await runCli([
      JFK,
      '--model',
      WHISPER,
      '--align_model',
      WAV2VEC2,
      '--language',
      'en',
      '--max_new_tokens',
      '20',
      '-o',
      dir,
      '--output_format',
      'all',
      '--highlight_words',
      'True',
      '--return_char_alignments',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(path.join(dir, 'jfk.json'), 'utf8'));
    expect(json.language).toBe('en');
    const words = json.word_segments as Array<{ word: string; start?: number; end?: number }>;
    expect(words.length).toBeGreaterThan(0);
    const timed = words.filter((w) => typeof w.start === 'number');
    expect(timed.length).toBeGreaterThan(0);
    for (const w of timed) {
      expect(w.start!).toBeGreaterThanOrEqual(0);
      expect(w.end!).toBeLessThanOrEqual(11.01);
      expect(w.end!).toBeGreaterThanOrEqual(w.start!);
    }
    expect(json.segments.some((s: { chars?: unknown[] }) => Array.isArray(s.chars))).toBe(true);
    const srt = readFileSync(path.join(dir, 'jfk.srt'), 'utf8');
    expect(srt).toContain('<u>');
  });

  it('streams jsonl progress that is monotonic and ends with file-done', async () => {
    const dir = out();
    const r = await runCli([
      JFK,
      '--model',
      WHISPER,
      '--no_align',
      '--max_new_tokens',
      '8',
      '-o',
      dir,
      '--output_format',
      'json',
      '--progress',
      'jsonl',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const progress = events.filter((e) => e.type === 'progress').map((e) => e.progress as number);
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    expect(progress.at(-1)).toBeCloseTo(1, 6);
    const done = events.find((e) => e.type === 'file-done');
    expect(done.outputs).toEqual([path.join(dir, 'jfk.json')]);
    expect(events.filter((e) => e.type === 'segment').length).toBeGreaterThan(0);
  });

  it('rewrites a transcript JSON into Markdown with --from_json', async () => {
    const dir = out();
    const src = path.join(dir, 'talk.json');
    const transcript = {
      language: 'en',
      segments: [{ start: 1, end: 2.5, text: ' Hello there.', speaker: 'SPEAKER_00' }],
    };
    await import('node:fs/promises').then((fs) => fs.writeFile(src, JSON.stringify(transcript)));
    const r = await runCli([src, '--from_json', '--output_format', 'md', '-o', dir]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'talk.md'), 'utf8');
    expect(md).toContain('SPEAKER_00');
    expect(md).toContain('Hello there.');
  });

  it('SIGINT during ASR exits 130 and leaves no output or temp file', async () => {
    const dir = out();
    const r = await runCli(
      [JFK, '--model', WHISPER, '--no_align', '--vad_method', 'none', '-o', dir, '--progress', 'jsonl'],
      {
        onStderr: (chunk, kill) => {
          if (chunk.includes('"stage":"asr"') || chunk.includes('"stage":"vad"')) kill('SIGINT');
        },
      },
    );
    expect(r.code).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });
});
