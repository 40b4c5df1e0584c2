import { describe, expect, it } from 'vitest';
import { buildCliArgs, childEnv } from './cli-args.js';
import { DEFAULT_SETTINGS, readSettings, settingsProblems, type WhisperxSettings } from './settings.js';

const settings = (over: Partial<WhisperxSettings> = {}): WhisperxSettings => ({ ...DEFAULT_SETTINGS, ...over });
const req = { files: ['/m/a.wav', '/m/-b.mp3'], outputDir: '/tmp/out', format: 'md' as const };

describe('buildCliArgs', () => {
  it('maps the default settings onto the CLI flags', () => {
    expect(buildCliArgs(req, settings())).toEqual([
      '/m/a.wav',
      '/m/-b.mp3',
      '--model',
      'small',
      '--output_dir',
      '/tmp/out',
      '--output_format',
      'md',
      '--progress',
      'jsonl',
      '--backend',
      'auto',
      '--compute_type',
      'default',
      '--batch_size',
      '8',
    ]);
  });

  it('adds language, alignment, diarization, cache and offline flags from settings', () => {
    const args = buildCliArgs(
      { ...req, format: 'srt' },
      settings({
        language: 'de',
        align: false,
        diarize: true,
        minSpeakers: 2,
        maxSpeakers: 3,
        cacheDir: '/c',
        offline: true,
        backend: 'onnx',
        computeType: 'int8',
        batchSize: 4,
      }),
    );
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('--language')).toBe('de');
    expect(args).toContain('--no_align');
    expect(args).toContain('--diarize');
    expect(after('--min_speakers')).toBe('2');
    expect(after('--max_speakers')).toBe('3');
    expect(after('--model_dir')).toBe('/c');
    expect(after('--model_cache_only')).toBe('True');
    expect(after('--backend')).toBe('onnx');
    expect(after('--compute_type')).toBe('int8');
    expect(after('--batch_size')).toBe('4');
    expect(after('--output_format')).toBe('srt');
  });

  it('passes speaker bounds only with diarization, and word timing per format', () => {
    expect(buildCliArgs(req, settings({ minSpeakers: 2 }))).not.toContain('--min_speakers');
    expect(buildCliArgs(req, settings({ wordTimestamps: true }))).toEqual(
      expect.arrayContaining(['--md_word_timestamps', 'True']),
    );
    expect(buildCliArgs({ ...req, format: 'vtt' }, settings({ wordTimestamps: true }))).toEqual(
      expect.arrayContaining(['--highlight_words', 'True']),
    );
    expect(buildCliArgs(req, settings({ wordTimestamps: true, align: false }))).not.toContain('--md_word_timestamps');
  });

  it('refuses relative media paths (a name starting with "-" would read as a flag)', () => {
    expect(() => buildCliArgs({ ...req, files: ['-rf.wav'] }, settings())).toThrow(/not absolute/);
  });
});

describe('childEnv and the Hugging Face token', () => {
  it('puts the token in HF_TOKEN only, never in the arguments', () => {
    const token = 'hf_abcdefghijklmnopqrstuvwxyz';
    const env = childEnv({ PATH: '/bin', NODE_OPTIONS: '--inspect' }, token, settings({ offline: true }));
    expect(env.HF_TOKEN).toBe(token);
    expect(env.HF_HUB_OFFLINE).toBe('1');
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(env.PATH).toBe('/bin');
    expect(buildCliArgs(req, settings({ offline: true })).join(' ')).not.toContain(token);
  });

  it('keeps an inherited HF_TOKEN when none is stored', () => {
    expect(childEnv({ HF_TOKEN: 'hf_fromshell' }, undefined, settings()).HF_TOKEN).toBe('hf_fromshell');
    expect(childEnv({}, undefined, settings()).HF_TOKEN).toBeUndefined();
    expect(childEnv({}, undefined, settings()).HF_HUB_OFFLINE).toBeUndefined();
  });
});

describe('settings', () => {
  it('reads values, falling back to defaults for missing or ill-typed ones', () => {
    const values: Record<string, unknown> = {
      model: ' tiny ',
      backend: 'cuda',
      batchSize: 0,
      minSpeakers: 2,
      openAfter: 'preview',
      align: 'no',
    };
    const s = readSettings({ get: <T>(k: string) => values[k] as T });
    expect(s.model).toBe('tiny');
    expect(s.backend).toBe('auto');
    expect(s.batchSize).toBe(8);
    expect(s.minSpeakers).toBe(2);
    expect(s.maxSpeakers).toBeUndefined();
    expect(s.openAfter).toBe('preview');
    expect(s.align).toBe(true);
    expect(s.outputNamePattern).toBe('${name}.transcript');
  });

  it('reports contradictory settings by name', () => {
    expect(settingsProblems(settings({ minSpeakers: 4, maxSpeakers: 2 }))[0]).toMatch(
      /whisperx\.minSpeakers .* whisperx\.maxSpeakers/,
    );
    expect(settingsProblems(settings({ wordTimestamps: true, align: false }))[0]).toMatch(/whisperx\.wordTimestamps/);
    expect(settingsProblems(settings())).toEqual([]);
  });
});
