import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kitPath, readKitWav } from '../../../../test/helpers/kit.js';
import { decodeWav, isExactPcm16, parseWavHeader, wavDurationFromHeader, WavFormatError } from './wav-reader.js';

/** -1 when equal in length and every sample (bit for bit), else the first differing index. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Build a WAV in memory: `fmtTag`, channels, rate, bits, interleaved sample bytes, optional extra chunk. */
function makeWav(opts: {
  tag: number;
  channels: number;
  rate: number;
  bits: number;
  data: Uint8Array;
  extensible?: boolean;
  extra?: boolean;
}): Uint8Array {
  const fmtSize = opts.extensible ? 40 : 16;
  const extra = opts.extra ? 8 + 5 + 1 : 0; // odd-sized chunk + pad byte
  const buf = new Uint8Array(12 + 8 + fmtSize + extra + 8 + opts.data.length);
  const v = new DataView(buf.buffer);
  const w4 = (o: number, s: string) => [...s].forEach((c, i) => (buf[o + i] = c.charCodeAt(0)));
  w4(0, 'RIFF');
  v.setUint32(4, buf.length - 8, true);
  w4(8, 'WAVE');
  w4(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, opts.extensible ? 0xfffe : opts.tag, true);
  v.setUint16(22, opts.channels, true);
  v.setUint32(24, opts.rate, true);
  v.setUint32(28, (opts.rate * opts.channels * opts.bits) / 8, true);
  v.setUint16(32, (opts.channels * opts.bits) / 8, true);
  v.setUint16(34, opts.bits, true);
  if (opts.extensible) {
    v.setUint16(36, 22, true);
    v.setUint16(38, opts.bits, true);
    v.setUint16(44, opts.tag, true); // SubFormat GUID starts with the format tag
  }
  let o = 20 + fmtSize;
  if (opts.extra) {
    w4(o, 'junk');
    v.setUint32(o + 4, 5, true);
    o += 14;
  }
  w4(o, 'data');
  v.setUint32(o + 4, opts.data.length, true);
  buf.set(opts.data, o + 8);
  return buf;
}

describe('wav reader', () => {
  it('reads the kit jfk.wav (LIST chunk) exactly as readKitWav', () => {
    const bytes = readFileSync(kitPath('audio/jfk.wav'));
    const info = parseWavHeader(bytes);
    expect(info).toMatchObject({ encoding: 'pcm', bitsPerSample: 16, channels: 1, sampleRate: 16000, dataOffset: 78 });
    expect(isExactPcm16(info, 16000)).toBe(true);
    const { channelData } = decodeWav(bytes);
    expect(firstDifference(channelData[0], readKitWav(kitPath('audio/jfk.wav')))).toBe(-1);
  });

  it('reads both channels of the kit stereo file', () => {
    const file = kitPath('audio/stereo-two-channel.wav');
    const { channelData } = decodeWav(readFileSync(file));
    expect(channelData).toHaveLength(2);
    expect(firstDifference(channelData[0], readKitWav(file, 0))).toBe(-1);
    expect(firstDifference(channelData[1], readKitWav(file, 1))).toBe(-1);
  });

  it('decodes 8/24/32-bit PCM and float WAVs (plain and extensible, odd chunk before data)', () => {
    const values = [0, 0.5, -0.5, 0.25, -1];
    const enc = (bits: number, float: boolean): Uint8Array => {
      const out = new Uint8Array(values.length * (bits / 8));
      const v = new DataView(out.buffer);
      values.forEach((x, i) => {
        const o = i * (bits / 8);
        if (float && bits === 32) v.setFloat32(o, x, true);
        else if (float) v.setFloat64(o, x, true);
        else if (bits === 8) v.setUint8(o, Math.round(x * 128) + 128);
        else if (bits === 24) {
          const s = Math.round(x * 8388608) & 0xffffff;
          v.setUint8(o, s & 0xff);
          v.setUint8(o + 1, (s >> 8) & 0xff);
          v.setUint8(o + 2, (s >> 16) & 0xff);
        } else v.setInt32(o, Math.round(x * 2147483648), true);
      });
      return out;
    };
    for (const [bits, float] of [
      [8, false],
      [24, false],
      [32, false],
      [32, true],
      [64, true],
    ] as const) {
      for (const extensible of [false, true]) {
        const wav = makeWav({
          tag: float ? 3 : 1,
          channels: 1,
          rate: 22050,
          bits,
          data: enc(bits, float),
          extensible,
          extra: true,
        });
        const { sampleRate, channelData } = decodeWav(wav);
        expect(sampleRate).toBe(22050);
        expect(Array.from(channelData[0])).toEqual(values);
      }
    }
  });

  it('tolerates a data size past the end of the file (streamed WAV)', () => {
    const wav = makeWav({ tag: 1, channels: 2, rate: 16000, bits: 16, data: new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0]) });
    new DataView(wav.buffer).setUint32(40, 0xffffffff, true);
    expect(decodeWav(wav).channelData.map((c) => Array.from(c))).toEqual([
      [1 / 32768, 3 / 32768],
      [2 / 32768, 4 / 32768],
    ]);
    expect(wavDurationFromHeader(wav.subarray(0, 44), wav.length)).toBeCloseTo(2 / 16000, 12);
  });

  it('rejects damaged and unsupported headers with a reason', () => {
    const good = makeWav({ tag: 1, channels: 1, rate: 16000, bits: 16, data: new Uint8Array(4) });
    const badTag = good.slice();
    new DataView(badTag.buffer).setUint16(20, 0xbeef, true);
    expect(() => parseWavHeader(badTag)).toThrow(/unsupported WAV encoding \(format tag 0xbeef/);
    const zeroCh = good.slice();
    new DataView(zeroCh.buffer).setUint16(22, 0, true);
    expect(() => parseWavHeader(zeroCh)).toThrow(/0 channels/);
    expect(() => parseWavHeader(good.subarray(0, 30))).toThrow(WavFormatError);
    expect(() => parseWavHeader(good.subarray(0, 36))).toThrow(/no data chunk/);
    expect(() => parseWavHeader(new TextEncoder().encode('hello world, not a wav'))).toThrow(/not a RIFF\/WAVE/);
  });

  it('gives the duration from the header', () => {
    const bytes = readFileSync(kitPath('audio/jfk.wav'));
    expect(wavDurationFromHeader(bytes.subarray(0, 200), bytes.length)).toBeCloseTo(
      readKitWav(kitPath('audio/jfk.wav')).length / 16000,
      9,
    );
  });
});
