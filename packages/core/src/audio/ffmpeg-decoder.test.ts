import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { ffmpegDecodeArgs, ffmpegDuration, ffmpegPcmChunks, findFfmpeg } from './ffmpeg-decoder.js';

const FFMPEG = findFfmpeg();
const media = (name: string): string => path.join(REPO_ROOT, 'test/fixtures/media', name);

describe('findFfmpeg', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'whisperx-ff-'));
    writeFileSync(path.join(dir, 'ffmpeg'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(dir, 'ffmpeg'), 0o755);
    writeFileSync(path.join(dir, 'not-exec'), 'x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(process.platform === 'win32')('searches PATH in order, without a shell', () => {
    expect(findFfmpeg({ env: { PATH: ['/nonexistent', dir].join(path.delimiter) } })).toBe(path.join(dir, 'ffmpeg'));
    expect(findFfmpeg({ env: { PATH: '/nonexistent' } })).toBeUndefined();
    expect(findFfmpeg({ env: {} })).toBeUndefined();
  });

  it('prefers ffmpegPath, then FFMPEG_PATH, and rejects a path that is not an executable', () => {
    const exe = path.join(dir, 'ffmpeg');
    expect(findFfmpeg({ ffmpegPath: exe, env: { FFMPEG_PATH: '/nope' } })).toBe(exe);
    expect(findFfmpeg({ env: { FFMPEG_PATH: exe, PATH: '' } })).toBe(exe);
    expect(() => findFfmpeg({ env: { FFMPEG_PATH: path.join(dir, 'missing') } })).toThrow(
      /FFMPEG_PATH ".*missing" is not an executable file/,
    );
    expect(() => findFfmpeg({ ffmpegPath: dir })).toThrow(/ffmpegPath/);
    if (process.platform !== 'win32')
      expect(() => findFfmpeg({ ffmpegPath: path.join(dir, 'not-exec') })).toThrow(/not an executable/);
  });
});

describe('ffmpegDecodeArgs', () => {
  it('passes the file as one absolute file: argument and asks for mono f32le at the rate', () => {
    const args = ffmpegDecodeArgs('-x $(y)\n.wav', 16000);
    expect(args[args.indexOf('-i') + 1]).toBe(`file:${path.resolve('-x $(y)\n.wav')}`);
    expect(args.slice(0, 2)).toEqual(['-nostdin', '-hide_banner']);
    expect(args.join(' ')).toContain('-f f32le -acodec pcm_f32le -ac 1 -rematrix_maxval 1 -ar 16000 pipe:1');
  });
});

describe.skipIf(!FFMPEG || process.platform === 'win32')('ffmpeg process handling', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'whisperx-fifo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** ffmpeg processes whose command line mentions `needle` (Linux /proc). */
  function ffmpegProcsWith(needle: string): number[] {
    if (process.platform !== 'linux') return [];
    return readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(needle);
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  it('abort kills a running ffmpeg promptly', async () => {
    // A FIFO nobody writes to: ffmpeg blocks on it forever until killed.
    const fifo = path.join(dir, 'blocked.wav');
    execFileSync('mkfifo', [fifo]);
    const ac = new AbortController();
    const started = Date.now();
    const run = (async () => {
      for await (const chunk of ffmpegPcmChunks(fifo, {
        ffmpeg: FFMPEG as string,
        sampleRate: 16000,
        signal: ac.signal,
      }))
        void chunk;
    })();
    await new Promise((r) => setTimeout(r, 300));
    expect(ffmpegProcsWith(fifo).length).toBe(1);
    ac.abort();
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(ffmpegProcsWith(fifo)).toEqual([]);
  });

  it('breaking out of the chunk loop kills ffmpeg', async () => {
    // 120 s of 16 kHz audio: far more output than a pipe holds, so ffmpeg would block on stdout
    // forever if it were left running.
    const file = path.join(dir, 'long.wav');
    const wav = Buffer.alloc(44 + 120 * 16000 * 2);
    wav.write('RIFF', 0, 'ascii');
    wav.writeUInt32LE(wav.length - 8, 4);
    wav.write('WAVEfmt ', 8, 'ascii');
    wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22);
    wav.writeUInt32LE(16000, 24);
    wav.writeUInt32LE(32000, 28);
    wav.writeUInt16LE(2, 32);
    wav.writeUInt16LE(16, 34);
    wav.write('data', 36, 'ascii');
    wav.writeUInt32LE(wav.length - 44, 40);
    writeFileSync(file, wav);
    for await (const chunk of ffmpegPcmChunks(file, { ffmpeg: FFMPEG as string, sampleRate: 16000 })) {
      expect(chunk.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200)); // let ffmpeg fill the pipe and block
      expect(ffmpegProcsWith(file).length).toBe(1);
      break;
    }
    await new Promise((r) => setTimeout(r, 150));
    expect(ffmpegProcsWith(file)).toEqual([]);
  });

  it('reads the duration from ffmpeg -i', async () => {
    expect(await ffmpegDuration(FFMPEG as string, media('speech.m4a'))).toBeCloseTo(2.5, 1);
    expect(await ffmpegDuration(FFMPEG as string, media('not-media.mp3'))).toBeUndefined();
  });
});
