import { describe, expect, it } from 'vitest';
import { downmixToMono, resample, resampledLength } from './resample.js';

function sine(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

/** RMS over the middle of the signal (away from the zero-padded edges). */
function midRms(x: Float32Array, margin: number): number {
  let s = 0;
  for (let i = margin; i < x.length - margin; i++) s += x[i] * x[i];
  return Math.sqrt(s / (x.length - 2 * margin));
}

/** Max |y[n] - amp*sin(2 pi f n / rate)| over the middle. */
function maxErrorVsSine(y: Float32Array, freq: number, rate: number, amp: number, margin: number): number {
  let m = 0;
  for (let i = margin; i < y.length - margin; i++)
    m = Math.max(m, Math.abs(y[i] - amp * Math.sin((2 * Math.PI * freq * i) / rate)));
  return m;
}

describe('resample', () => {
  it('returns the input when the rates are equal and checks its arguments', () => {
    const x = sine(440, 16000, 0.1);
    expect(resample(x, 16000, 16000)).toBe(x);
    expect(() => resample(x, 44100.5, 16000)).toThrow(RangeError);
    expect(() => resample(x, 0, 16000)).toThrow(RangeError);
  });

  it('gives ceil(n * to / from) samples', () => {
    for (const [n, from] of [
      [44100, 44100],
      [110528, 44100],
      [1, 48000],
      [7, 8000],
      [96001, 96000],
      [0, 22050],
    ]) {
      expect(resample(new Float32Array(n), from, 16000).length).toBe(resampledLength(n, from, 16000));
      expect(resampledLength(n, from, 16000)).toBe(Math.ceil((n * 16000) / from));
    }
  });

  it('passes in-band tones with unit gain and no delay (44.1k, 48k, 96k, 22.05k, 8k -> 16k)', () => {
    for (const from of [44100, 48000, 96000, 22050, 8000, 11025, 32000]) {
      const freq = from === 8000 || from === 11025 ? 1000 : 3000;
      const y = resample(sine(freq, from, 0.5), from, 16000);
      // Band-limited interpolation of a pure in-band tone is the tone itself at the new instants.
      expect(maxErrorVsSine(y, freq, 16000, 0.5, 400)).toBeLessThan(2e-3);
    }
  });

  it('keeps DC exactly at unit gain', () => {
    const y = resample(new Float32Array(44100).fill(0.25), 44100, 16000);
    expect(
      maxErrorVsSine(
        y.map((v) => v - 0.25),
        0,
        16000,
        0,
        200,
      ),
    ).toBeLessThan(1e-6);
  });

  it('removes content above the output Nyquist instead of aliasing it (anti-aliasing)', () => {
    // Each tone would fold to an audible in-band frequency if not filtered out.
    for (const [from, freq] of [
      [44100, 12000],
      [48000, 9000],
      [96000, 20000],
      [96000, 8700],
      [22050, 10000],
    ]) {
      const y = resample(sine(freq, from, 0.5), from, 16000);
      const rejectionDb = 20 * Math.log10(midRms(y, 400) / (0.5 / Math.SQRT2));
      expect([from, freq, rejectionDb]).toEqual([from, freq, expect.toSatisfy((db: number) => db < -80)]);
    }
  });

  it('upsampling 8k -> 16k creates no image above 4 kHz', () => {
    const y = resample(sine(3000, 8000, 0.5), 8000, 16000);
    // The image of a 3 kHz tone at 8 kHz sampling would sit at 5 kHz: project onto it.
    let re = 0;
    let im = 0;
    for (let i = 400; i < y.length - 400; i++) {
      re += y[i] * Math.cos((2 * Math.PI * 5000 * i) / 16000);
      im += y[i] * Math.sin((2 * Math.PI * 5000 * i) / 16000);
    }
    const imageAmp = (2 * Math.hypot(re, im)) / (y.length - 800);
    expect(imageAmp).toBeLessThan(0.5 * 1e-3);
  });

  it('handles a ratio too large for a phase table (96001 Hz: 16000 phases, coefficients on demand)', () => {
    const y = resample(sine(1000, 96001, 0.1), 96001, 16000);
    expect(maxErrorVsSine(y, 1000, 16000, 0.5, 400)).toBeLessThan(2e-3);
  });
});

describe('downmixToMono', () => {
  it('averages the channels', () => {
    const l = new Float32Array([1, 0.5, -1]);
    const r = new Float32Array([0, 0.5, 1]);
    expect(Array.from(downmixToMono([l, r]))).toEqual([0.5, 0.5, 0]);
    expect(downmixToMono([l])).toBe(l);
    expect(downmixToMono([]).length).toBe(0);
    const eight = Array.from({ length: 8 }, (_, c) => new Float32Array([c]));
    expect(Array.from(downmixToMono(eight))).toEqual([3.5]);
  });
});
