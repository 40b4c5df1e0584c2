import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  truncateSync,
  statfsSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWhisperxError } from '../errors.js';
import { kitPath, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { findFfmpeg } from './ffmpeg-decoder.js';
import { loadAudio } from './load-audio.js';
import {
  asSampleSource,
  defaultAudioTempDir,
  memorySource,
  openAudioSource,
  type SampleSource,
} from './sample-source.js';

const MEDIA = path.join(REPO_ROOT, 'test/fixtures/media');
const HAS_FFMPEG = findFfmpeg() !== undefined;
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wx-source-test-'));
  temps.push(d);
  return d;
}

/** Reads of `source` at awkward ranges (block edges, clamped ends) equal slices of `whole`. */
function expectSameReads(source: SampleSource, whole: Float32Array): void {
  expect(source.length).toBe(whole.length);
  const n = whole.length;
  const ranges: [number, number][] = [
    [0, n],
    [0, 1],
    [65535, 65537],
    [n - 7, n + 100],
    [-50, 10],
    [n + 5, n + 10],
    [1234, 1234],
    [Math.floor(n / 3), Math.floor(n / 3) + 160000],
  ];
  for (const [a, b] of ranges) {
    const got = source.read(a, b);
    const want = whole.subarray(Math.max(0, a), Math.max(0, Math.min(n, b)));
    expect(got.length).toBe(want.length);
    expect(
      Buffer.compare(
        Buffer.from(got.buffer, got.byteOffset, got.byteLength),
        Buffer.from(want.buffer, want.byteOffset, want.byteLength),
      ),
    ).toBe(0);
  }
}

describe('memorySource', () => {
  it('reads views of the samples, clamped to the audio', () => {
    const samples = Float32Array.from({ length: 100 }, (_, i) => i / 100);
    const source = asSampleSource(samples);
    expect(source.storage).toBe('memory');
    expectSameReads(source, samples);
    expect(asSampleSource(source)).toBe(source);
    expect(memorySource(samples, 8000).sampleRate).toBe(8000);
  });
});

describe('openAudioSource', () => {
  it('reads a 16 kHz 16-bit WAV in place, equal to loadAudio sample for sample', async () => {
    for (const file of [kitPath('audio/two-speakers.wav'), kitPath('audio/stereo-two-channel.wav')]) {
      const source = await openAudioSource(file);
      try {
        expect(source.storage).toBe('input');
        expectSameReads(source, await loadAudio(file));
      } finally {
        await source.close();
      }
      await source.close(); // twice is fine
      expect(() => source.read(0, 10)).toThrow(/closed/);
    }
  });

  it.runIf(HAS_FFMPEG)(
    'decodes other media through ffmpeg into a removed temporary file, equal to loadAudio',
    async () => {
      const dir = tempDir();
      for (const name of ['speech.mp3', 'speech-96k.flac', 'stereo-44k.wav', 'video-h264-aac.mp4']) {
        const file = path.join(MEDIA, name);
        const source = await openAudioSource(file, { tempDir: dir });
        try {
          expect(source.storage).toBe('temp');
          if (process.platform !== 'win32') expect(readdirSync(dir)).toEqual([]); // unlinked while open
          expectSameReads(source, await loadAudio(file, { decoder: 'ffmpeg' }));
        } finally {
          await source.close();
        }
      }
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it.runIf(HAS_FFMPEG)('reports decode progress for media decoded by ffmpeg', async () => {
    const fractions: number[] = [];
    const source = await openAudioSource(path.join(MEDIA, 'speech.mp3'), {
      tempDir: tempDir(),
      onProgress: (f) => fractions.push(f),
    });
    await source.close();
    // one update per pipe read past a step: how many depends on how fast ffmpeg fills the pipe
    // (3 on a quiet machine, more under load), never fewer than two for this 5 s file
    expect(fractions.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]);
    expect(fractions.every((f) => f > 0 && f < 1)).toBe(true);
  });

  it('decodes into memory without ffmpeg (WASM), equal to loadAudio', async () => {
    const file = path.join(MEDIA, 'speech.flac');
    const source = await openAudioSource(file, { decoder: 'wasm' });
    expect(source.storage).toBe('memory');
    expectSameReads(source, await loadAudio(file, { decoder: 'wasm' }));
  });

  it.runIf(HAS_FFMPEG)('falls back to memory when no temporary file can be made', async () => {
    const file = path.join(MEDIA, 'speech.mp3');
    const source = await openAudioSource(file, { tempDir: path.join(tempDir(), 'no', 'such', 'folder') });
    expect(source.storage).toBe('memory');
    expectSameReads(source, await loadAudio(file, { decoder: 'ffmpeg' }));
  });

  it.runIf(HAS_FFMPEG)('cancels the decode and leaves no temporary file', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const opening = openAudioSource(path.join(MEDIA, 'video-h264-aac.mp4'), {
      tempDir: dir,
      signal: controller.signal,
    });
    controller.abort();
    await expect(opening).rejects.toSatisfy((e: unknown) => isWhisperxError(e) && e.kind === 'aborted');
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(process.platform === 'linux' && existsSync('/dev/shm'))(
    'keeps decoded audio out of a tmpfs temp folder unless TMPDIR asks for it',
    () => {
      const saved = process.env.TMPDIR;
      const onDisk = tempDir();
      try {
        process.env.TMPDIR = '/dev/shm'; // a tmpfs: os.tmpdir() now points there
        expect(defaultAudioTempDir({ TMPDIR: '/dev/shm' })).toBe('/dev/shm'); // explicit: honoured
        expect(defaultAudioTempDir({})).toBe('/var/tmp'); // the default would be memory: disk instead
        process.env.TMPDIR = onDisk; // the OS temp folder: kept unless it is a tmpfs too
        const onTmpfs = statfsSync(onDisk).type === 0x01021994;
        expect(defaultAudioTempDir({})).toBe(onTmpfs ? '/var/tmp' : onDisk);
      } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
      }
    },
  );

  it('gives loadAudio errors for bad inputs', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.mp3');
    writeFileSync(text, '#EXTM3U\nfile:///etc/passwd\n');
    await expect(openAudioSource(path.join(dir, 'missing.wav'))).rejects.toThrow(/missing\.wav/);
    await expect(openAudioSource(text)).rejects.toThrow(/text/);
    await expect(openAudioSource(path.join(MEDIA, 'corrupt-header.wav'))).rejects.toSatisfy(
      (e: unknown) => isWhisperxError(e) && e.kind === 'input',
    );
  });

  it('names the file when it shrinks on disk while being read', async () => {
    const file = path.join(tempDir(), 'shrinking.wav');
    copyFileSync(kitPath('audio/two-speakers.wav'), file);
    const source = await openAudioSource(file);
    try {
      expect(source.read(0, 1000).length).toBe(1000);
      truncateSync(file, 44 + 2 * 70000);
      expect(() => source.read(200000, 200100)).toThrow(/shrinking\.wav got shorter while it was being transcribed/);
    } finally {
      await source.close();
    }
  });

  it('stops at the real end of a WAV whose header promises more data', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'short.wav');
    const samples = 1000;
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + samples * 2 * 10, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(16000, 24);
    header.writeUInt32LE(32000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36);
    header.writeUInt32LE(samples * 2 * 10, 40); // ten times what follows
    const body = Buffer.alloc(samples * 2);
    for (let i = 0; i < samples; i++) body.writeInt16LE((i * 37) % 30000, 2 * i);
    writeFileSync(file, Buffer.concat([header, body]));
    const source = await openAudioSource(file);
    try {
      expectSameReads(source, await loadAudio(file));
      expect(source.length).toBe(samples);
    } finally {
      await source.close();
    }
  });
});
