import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { decodeChannelsWithWasm, decodeWithWasm } from './wasm-decoder.js';

const bytes = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(path.join(REPO_ROOT, 'test/fixtures/media', name)));

describe('WASM decoder', () => {
  it('returns the source channels and rate before downmix', async () => {
    const eight = await decodeChannelsWithWasm(bytes('eight-channel.flac'), 'x');
    expect(eight.sampleRate).toBe(16000);
    expect(eight.channelData).toHaveLength(8);
    // Channel 2 (FC) carries the speech, channel 1 (FR) the same at half gain, the rest silence
    // (see make-media-fixtures.sh).
    const [fl, fr, fc, ...rest] = eight.channelData;
    let err = 0;
    for (let i = 0; i < fc.length; i++) err = Math.max(err, Math.abs(fr[i] - fc[i] / 2));
    expect(err).toBeLessThan(1e-4);
    expect(Math.max(...fc.map(Math.abs))).toBeGreaterThan(0.1);
    for (const silent of [fl, ...rest]) expect(Math.max(...silent.map(Math.abs))).toBe(0);
    const stereo = await decodeChannelsWithWasm(bytes('stereo-44k.wav'), 'x');
    expect([stereo.sampleRate, stereo.channelData.length]).toEqual([44100, 2]);
    const mp3 = await decodeChannelsWithWasm(bytes('speech.mp3'), 'x');
    expect([mp3.sampleRate, mp3.channelData.length, mp3.channelData[0].length]).toEqual([44100, 1, 110250]);
  });

  it('downmixes 8 channels by averaging and resamples to the rate asked', async () => {
    const eight = await decodeChannelsWithWasm(bytes('eight-channel.flac'), 'x');
    const mono = await decodeWithWasm(bytes('eight-channel.flac'), { sampleRate: 16000, label: 'x' });
    const i = 5000;
    expect(mono[i]).toBeCloseTo(eight.channelData.reduce((s, c) => s + c[i], 0) / 8, 7);
    expect((await decodeWithWasm(bytes('speech-96k.flac'), { sampleRate: 16000, label: 'x' })).length).toBe(16000);
  });

  it('words its failures', async () => {
    await expect(decodeWithWasm(bytes('video-no-audio.mp4'), { sampleRate: 16000, label: 'v.mp4' })).rejects.toThrow(
      /^Cannot decode "v\.mp4": it has no audio stream/,
    );
    await expect(decodeWithWasm(bytes('truncated.m4a'), { sampleRate: 16000, label: 't.m4a' })).rejects.toThrow(
      /corrupt or truncated \(the moov box is missing or cut off\)/,
    );
    await expect(
      decodeWithWasm(new Uint8Array([1, 2, 3, 0, 9, 9, 9, 9]), { sampleRate: 16000, label: 'b' }),
    ).rejects.toThrow(/not an audio or video file \(unknown format\)/);
  });
});
