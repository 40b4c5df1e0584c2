import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareArrays, kitPath, readKitArray, readKitWav } from '../../../../test/helpers/kit.js';
import { createLogMelExtractor, hannWindow, logMelBatch, logMelSpectrogram, logMelSpectrogramInto } from './log-mel.js';

interface AudioRef {
  file: string;
  start: number;
  end: number | null;
  channel: number | null;
}
interface LogMelCase {
  id: string;
  kind: string;
  audio: AudioRef;
  options: { nMels: 80 | 128 };
  expected: string;
  tolerance: { abs: number };
}

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as { cases: LogMelCase[] };
const cases = kit.cases.filter((c) => c.kind === 'log_mel');

function kitAudio(a: AudioRef): Float32Array {
  const wav = readKitWav(kitPath(a.file), a.channel);
  return wav.subarray(a.start, a.end ?? wav.length);
}

describe('logMelSpectrogram (kit goldens)', () => {
  it('kit has the log_mel cases', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(['log_mel/jfk/128', 'log_mel/jfk/80']);
  });

  for (const c of cases) {
    it(c.id, () => {
      const expected = readKitArray(kitPath(c.expected));
      expect(expected.shape).toEqual([1, c.options.nMels, 3000]);
      const actual = logMelSpectrogram(kitAudio(c.audio), { nMels: c.options.nMels });
      expect(actual.length).toBe(c.options.nMels * 3000);
      const r = compareArrays(actual, expected.data as Float32Array, c.tolerance);
      expect(r.maxAbs).toBeLessThanOrEqual(c.tolerance.abs);
      expect(r.ok).toBe(true);
    });
  }

  it('batch rows equal single windows and other rows stay untouched', () => {
    const jfk = kitAudio(cases[0].audio);
    const second = jfk.subarray(16000 * 3, 16000 * 9);
    const ex = createLogMelExtractor({ nMels: 80 });
    const out = new Float32Array(3 * ex.windowSize).fill(42);
    ex.computeInto(second, out, 2);
    ex.computeInto(jfk, out, 0);
    expect(Array.from(out.subarray(ex.windowSize, 2 * ex.windowSize)).every((v) => v === 42)).toBe(true);
    expect(Array.from(out.subarray(0, ex.windowSize))).toEqual(Array.from(logMelSpectrogram(jfk, { nMels: 80 })));
    expect(Array.from(out.subarray(2 * ex.windowSize))).toEqual(Array.from(logMelSpectrogram(second, { nMels: 80 })));
    const single = new Float32Array(2 * ex.windowSize);
    logMelSpectrogramInto(second, single, 1, { nMels: 80 });
    expect(Array.from(single.subarray(ex.windowSize))).toEqual(Array.from(out.subarray(2 * ex.windowSize)));
    const batch = logMelBatch([jfk, second], { nMels: 80 });
    expect(Array.from(batch.subarray(ex.windowSize))).toEqual(Array.from(out.subarray(2 * ex.windowSize)));
    expect(() => ex.computeInto(jfk, out, 3)).toThrow(RangeError);
  });

  it('trims audio longer than 30 s and pads shorter audio with zeros', () => {
    const jfk = kitAudio(cases[0].audio);
    const long = new Float32Array(600000);
    long.set(jfk);
    long.fill(0.5, 480000); // beyond 30 s: must be ignored
    const padded = new Float32Array(480000);
    padded.set(jfk);
    const a = logMelSpectrogram(long, { nMels: 80 });
    expect(Array.from(a)).toEqual(Array.from(logMelSpectrogram(padded, { nMels: 80 })));
    expect(Array.from(a)).toEqual(Array.from(logMelSpectrogram(jfk, { nMels: 80 })));
  });

  it('silence gives the floor value everywhere and a custom length changes the frame count', () => {
    const ex = createLogMelExtractor({ nMels: 80, padOrTrimTo: 16000 });
    expect(ex.nFrames).toBe(100);
    const mel = ex.compute(new Float32Array(100));
    // all log10(1e-10) = -10 -> (-10 + 4) / 4
    expect(Array.from(new Set(mel))).toEqual([-1.5]);
    expect(() => createLogMelExtractor({ nMels: 64 as 80 })).toThrow(RangeError);
    expect(() => createLogMelExtractor({ nMels: 80, padOrTrimTo: 100 })).toThrow(RangeError);
  });

  it('Hann window is periodic', () => {
    const w = hannWindow(400);
    expect(w[0]).toBe(0);
    expect(w[200]).toBeCloseTo(1, 15);
    expect(w[100]).toBeCloseTo(w[300], 15);
  });
});
