import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kitPath, REPO_ROOT } from '../../../../test/helpers/kit.js';
import { probeDuration, streamAudio } from './audio-stream.js';
import { findFfmpeg } from './ffmpeg-decoder.js';
import { loadAudio } from './load-audio.js';

const media = (name: string): string => path.join(REPO_ROOT, 'test/fixtures/media', name);
const HAS_FFMPEG = findFfmpeg() !== undefined;
const DECODERS = HAS_FFMPEG ? (['ffmpeg', 'wasm'] as const) : (['wasm'] as const);

async function collect(iter: AsyncIterable<Float32Array>): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for await (const c of iter) out.push(c);
  return out;
}

function join(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

describe.each(DECODERS)('streamAudio (%s)', (decoder) => {
  it('yields consecutive chunks that join to loadAudio', async () => {
    for (const file of [media('speech.mp3'), media('video-h264-aac.mov'), kitPath('audio/jfk.wav')]) {
      const chunks = await collect(streamAudio(file, { chunkSeconds: 0.7, decoder }));
      const whole = await loadAudio(file, { decoder });
      expect(chunks.slice(0, -1).every((c) => c.length === 11200)).toBe(true);
      expect(chunks[chunks.length - 1].length).toBeGreaterThan(0);
      expect(chunks[chunks.length - 1].length).toBeLessThanOrEqual(11200);
      const joined = join(chunks);
      expect(joined.length).toBe(whole.length);
      expect(joined.every((v, i) => v === whole[i])).toBe(true);
    }
  });

  it('stops with the usual decode errors', async () => {
    await expect(collect(streamAudio(media('video-no-audio.mp4'), { decoder }))).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/no audio stream/),
    });
    await expect(collect(streamAudio(media('missing.mp3'), { decoder }))).rejects.toMatchObject({ kind: 'input' });
  });

  it('stops when aborted between chunks', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const chunk of streamAudio(media('speech.flac'), { chunkSeconds: 0.25, decoder, signal: ac.signal })) {
        seen.push(chunk.length);
        ac.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(seen.length).toBeLessThan(10);
  });

  it('rejects a bad chunk length', async () => {
    await expect(collect(streamAudio(media('speech.flac'), { chunkSeconds: 0, decoder }))).rejects.toMatchObject({
      kind: 'usage',
    });
  });
});

describe('probeDuration', () => {
  it('reads WAV durations from the header', async () => {
    expect(await probeDuration(media('speech-16k-s16.wav'))).toBeCloseTo(2.5, 6);
    expect(await probeDuration(media('stereo-44k.wav'))).toBeCloseTo(0.75, 6);
    expect(await probeDuration(kitPath('audio/jfk.wav'))).toBeCloseTo(11, 6);
  });
  it.skipIf(!HAS_FFMPEG)('uses ffmpeg -i for other formats', async () => {
    expect(await probeDuration(media('video-h264-vorbis.mkv'))).toBeCloseTo(2.5, 1);
    expect(await probeDuration(media('speech.flac'))).toBeCloseTo(2.5, 2);
  });
  it('throws the usual errors for missing and empty files', async () => {
    await expect(probeDuration(media('missing.flac'))).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/no such file/),
    });
    await expect(probeDuration(media('empty.wav'))).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/empty/),
    });
  });
});
