import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWhisperxError } from '../errors.js';
import { kitPath, readKitWav, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { findFfmpeg } from './ffmpeg-decoder.js';
import { loadAudio } from './load-audio.js';
import type { LoadAudioOptions } from './load-audio.js';

const MEDIA = path.join(REPO_ROOT, 'test/fixtures/media');
const media = (name: string): string => path.join(MEDIA, name);
const HAS_FFMPEG = findFfmpeg() !== undefined;
const DECODERS = HAS_FFMPEG ? (['ffmpeg', 'wasm'] as const) : (['wasm'] as const);

/** -1 when equal in length and bit for bit, else the first differing index. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/**
 * Agreement of two decodes of one file: best integer lag within +-maxLag (decoders trim
 * priming samples differently), then over the overlap the RMS of the difference relative to the
 * RMS of `a`, and the normalised correlation.
 */
function agreement(a: Float32Array, b: Float32Array, maxLag = 64): { lag: number; relRms: number; corr: number } {
  const n = Math.min(a.length, b.length);
  let best = { lag: 0, dot: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let dot = 0;
    for (let i = Math.max(0, -lag); i < n && i + lag < n; i++) dot += a[i] * b[i + lag];
    if (dot > best.dot) best = { lag, dot };
  }
  let d2 = 0;
  let a2 = 0;
  let b2 = 0;
  let ab = 0;
  for (let i = Math.max(0, -best.lag); i < n && i + best.lag < n; i++) {
    const x = a[i];
    const y = b[i + best.lag];
    d2 += (x - y) ** 2;
    a2 += x * x;
    b2 += y * y;
    ab += x * y;
  }
  return { lag: best.lag, relRms: Math.sqrt(d2 / a2), corr: ab / Math.sqrt(a2 * b2) };
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

/** Every decodable fixture: expected seconds and the ffmpeg-vs-WASM tolerance measured for it. */
const FORMATS: { file: string; seconds: number; relRms: number; corr?: number }[] = [
  { file: 'speech-16k-s16.wav', seconds: 2.5, relRms: 0 },
  { file: 'stereo-44k.wav', seconds: 0.75, relRms: 3e-3 }, // measured 1.0e-3 (resampler)
  { file: 'speech-8k.wav', seconds: 2.5, relRms: 0.015 }, // measured 5.4e-3 (upsampling filter edge)
  { file: 'speech-96k.flac', seconds: 1, relRms: 2e-3 }, // measured 3.2e-4
  { file: 'speech.flac', seconds: 2.5, relRms: 1e-4 }, // measured 3.1e-5 (resampler passthrough)
  { file: 'speech.mp3', seconds: 2.5, relRms: 1e-3 }, // measured 9.2e-5
  { file: 'speech.m4a', seconds: 2.5, relRms: 0.01 }, // measured 2.1e-3
  { file: 'speech.ogg', seconds: 2.5, relRms: 1e-3 }, // measured 1.0e-4
  // ffmpeg's native Opus decoder differs from libopus (the WASM one): at 48 kHz the two are 2
  // samples apart with relRms 0.07; at 16 kHz the 2/3-sample offset leaves relRms ~0.16.
  { file: 'speech.opus', seconds: 2.5, relRms: 0.25, corr: 0.98 },
  { file: 'speech.webm', seconds: 2.5, relRms: 0.25, corr: 0.98 },
  { file: 'video-h264-aac.mp4', seconds: 2.5, relRms: 0.01 }, // measured 2.1e-3
  { file: 'video-h264-aac.mov', seconds: 2.5, relRms: 0.02 }, // measured 3.9e-3
  { file: 'video-h264-vorbis.mkv', seconds: 2.5, relRms: 1e-3 }, // measured 9.8e-5
  // 7.1 -> mono: ffmpeg uses its surround downmix matrix, the WASM path the channel average, so
  // only the shape agrees (gains differ).
  { file: 'eight-channel.flac', seconds: 1, relRms: Infinity, corr: 0.999 },
];

describe.each(DECODERS)('loadAudio with decoder %s', (decoder) => {
  it.each(FORMATS)('decodes $file to 16 kHz mono with speech in it', async ({ file, seconds }) => {
    const out = await loadAudio(media(file), { decoder });
    expect(out).toBeInstanceOf(Float32Array);
    // AAC in mp4 keeps up to ~20 ms of encoder padding at the end with ffmpeg.
    expect(Math.abs(out.length - seconds * 16000)).toBeLessThanOrEqual(320);
    expect(rms(out)).toBeGreaterThan(0.01);
    // Lossy codecs may overshoot full scale a little on loud speech (AAC here: 1.09).
    expect(Math.max(...out.map(Math.abs))).toBeLessThanOrEqual(1.2);
  });

  it('decodes silence to zeros (not an error)', async () => {
    for (const file of ['silence.wav', 'silence.mp3']) {
      const out = await loadAudio(media(file), { decoder });
      expect(Math.abs(out.length - 8000)).toBeLessThanOrEqual(600);
      expect(Math.max(...out.map(Math.abs))).toBe(0);
    }
  });

  it('decodes the decodable prefix of a truncated mp3', async () => {
    const whole = await loadAudio(media('speech.mp3'), { decoder });
    const part = await loadAudio(media('truncated.mp3'), { decoder });
    expect(part.length).toBeGreaterThan(0.4 * whole.length);
    expect(part.length).toBeLessThan(0.6 * whole.length);
    const head = whole.subarray(0, part.length - 1200); // the cut frame may differ
    expect(agreement(head, part.subarray(0, head.length), 0).relRms).toBeLessThan(1e-3);
  });

  it('reads 16-bit 16 kHz WAV exactly as int16 / 32768 (kit jfk.wav, channel average of the stereo file)', async () => {
    const jfk = kitPath('audio/jfk.wav');
    expect(firstDifference(await loadAudio(jfk, { decoder }), readKitWav(jfk))).toBe(-1);
    const stereo = kitPath('audio/stereo-two-channel.wav');
    const l = readKitWav(stereo, 0);
    const r = readKitWav(stereo, 1);
    const avg = l.map((v, i) => (v + r[i]) / 2);
    expect(firstDifference(await loadAudio(stereo, { decoder }), avg)).toBe(-1);
  });

  it('accepts bytes as well as paths', async () => {
    const bytes = new Uint8Array(readFileSync(media('speech.m4a')));
    const fromBytes = await loadAudio(bytes, { decoder });
    const fromPath = await loadAudio(media('speech.m4a'), { decoder });
    expect(firstDifference(fromBytes, fromPath)).toBe(-1);
  });

  it('resamples to another rate on request', async () => {
    const out = await loadAudio(media('speech.flac'), { decoder, sampleRate: 8000 });
    expect(out.length).toBe(20000);
  });
});

describe.skipIf(!HAS_FFMPEG)('ffmpeg and WASM paths agree', () => {
  it.each(FORMATS)('$file', async ({ file, relRms, corr }) => {
    const a = await loadAudio(media(file), { decoder: 'ffmpeg' });
    const b = await loadAudio(media(file), { decoder: 'wasm' });
    const m = agreement(a, b);
    if (relRms === 0) {
      expect(firstDifference(a, b)).toBe(-1);
      return;
    }
    expect(Math.abs(m.lag)).toBeLessThanOrEqual(2);
    expect(m.relRms).toBeLessThan(relRms);
    expect(m.corr).toBeGreaterThan(corr ?? 0.9999);
  });

  it('auto picks the exact WAV path, and ffmpeg for the rest', async () => {
    const jfk = kitPath('audio/jfk.wav');
    expect(firstDifference(await loadAudio(jfk), readKitWav(jfk))).toBe(-1);
    const auto = await loadAudio(media('speech.opus'));
    expect(firstDifference(auto, await loadAudio(media('speech.opus'), { decoder: 'ffmpeg' }))).toBe(-1);
  });
});

/** One-line error checks: kind 'input', names the file, says why. */
async function expectInputError(
  input: string | Uint8Array,
  options: LoadAudioOptions,
  reason: RegExp,
  label?: string,
): Promise<void> {
  const err = await loadAudio(input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isWhisperxError(err), String(err)).toBe(true);
  if (!isWhisperxError(err)) return;
  expect(err.kind).toBe('input');
  expect(err.message).not.toContain('\n');
  expect(err.message).toContain(JSON.stringify(label ?? input));
  expect(err.message).toMatch(reason);
}

describe.each(DECODERS)('loadAudio errors with decoder %s', (decoder) => {
  const cases: [string, string, RegExp][] = [
    ['missing', 'no-such-file.wav', /no such file\. Check the path/],
    ['a directory', '.', /is a directory/],
    ['empty', 'empty.wav', /file is empty \(0 bytes\)/],
    ['text renamed .mp3', 'not-media.mp3', /not an audio or video file \(it looks like text\)/],
    ['video without audio', 'video-no-audio.mp4', /has no audio stream/],
    ['truncated m4a', 'truncated.m4a', /corrupt or truncated/],
    ['corrupt WAV header', 'corrupt-header.wav', /corrupt or truncated/],
  ];
  it.each(cases)('%s', async (_what, name, reason) => {
    const file = name === '.' ? MEDIA : media(name);
    await expectInputError(file, { decoder }, reason);
  });

  it('bytes input errors name the bytes', async () => {
    await expectInputError(new Uint8Array(0), { decoder }, /empty/, '<audio bytes>');
    await expectInputError(
      new TextEncoder().encode('just some text\n'),
      { decoder },
      /not an audio or video file/,
      '<audio bytes>',
    );
  });
});

describe('loadAudio options', () => {
  it('rejects bad options with a usage error', async () => {
    await expect(loadAudio(media('speech.flac'), { sampleRate: 0 })).rejects.toMatchObject({ kind: 'usage' });
    await expect(loadAudio(media('speech.flac'), { decoder: 'gstreamer' as never })).rejects.toMatchObject({
      kind: 'usage',
    });
    await expect(loadAudio(media('speech.flac'), { ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('ffmpegPath "/nonexistent/ffmpeg" is not an executable file'),
    });
  });

  it('an already aborted signal rejects before decoding', async () => {
    const ac = new AbortController();
    ac.abort();
    for (const decoder of DECODERS) {
      await expect(loadAudio(media('speech.flac'), { decoder, signal: ac.signal })).rejects.toMatchObject({
        kind: 'aborted',
      });
    }
  });

  it('decoder ffmpeg without ffmpeg is an unavailable error', async () => {
    const saved = { PATH: process.env.PATH, FFMPEG_PATH: process.env.FFMPEG_PATH };
    process.env.PATH = '';
    delete process.env.FFMPEG_PATH;
    try {
      await expect(loadAudio(media('speech.flac'), { decoder: 'ffmpeg' })).rejects.toMatchObject({
        kind: 'unavailable',
      });
      // auto falls back to WASM
      expect((await loadAudio(media('speech.flac'))).length).toBe(40000);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.FFMPEG_PATH !== undefined) process.env.FFMPEG_PATH = saved.FFMPEG_PATH;
    }
  });
});

describe('hostile file names', () => {
  let dir: string;
  const names = [
    '-starts-with-dash.mp3',
    '--help.wav',
    'with spaces and "quotes" and \'single\'.m4a',
    '$(touch PWNED).flac',
    '`touch PWNED2`;rm -rf x.ogg',
    'line\nbreak.webm',
    'colon:name|pipe.mp3',
    '日本語の音声 ёжик ünïcødé.mp4',
  ];
  const source: Record<string, string> = {
    mp3: 'speech.mp3',
    wav: 'stereo-44k.wav',
    m4a: 'speech.m4a',
    flac: 'speech.flac',
    ogg: 'speech.ogg',
    webm: 'speech.webm',
    mp4: 'video-h264-aac.mp4',
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'whisperx-names-'));
    mkdirSync(path.join(dir, 'sub'));
    for (const name of names) copyFileSync(media(source[name.split('.').pop() as string]), path.join(dir, 'sub', name));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(DECODERS)('decode the same as the plain name (%s)', async (decoder) => {
    for (const name of names) {
      const plain = await loadAudio(media(source[name.split('.').pop() as string]), { decoder });
      const hostile = await loadAudio(path.join(dir, 'sub', name), { decoder });
      expect([name, firstDifference(hostile, plain)]).toEqual([name, -1]);
    }
    // relative names too (ffmpeg must not read "-starts-with-dash.mp3" as an option)
    const cwd = process.cwd();
    process.chdir(path.join(dir, 'sub'));
    try {
      expect((await loadAudio('-starts-with-dash.mp3', { decoder })).length).toBe(40000);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(path.join(dir, 'sub', 'PWNED'))).toBe(false);
    expect(existsSync(path.join(process.cwd(), 'PWNED'))).toBe(false);
  });

  it('missing hostile names still give one-line errors', async () => {
    await expectInputError(path.join(dir, 'sub', 'gone\nnewline.mp3'), {}, /no such file/);
  });
});
