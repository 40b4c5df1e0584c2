import { describe, expect, it } from 'vitest';
import {
  expectedTimestamps,
  goldenProbs,
  kitJson,
  kitTimestampOptions,
  vadTimestampsCases,
} from './__fixtures__/kit-vad.js';
import fc from 'fast-check';
import { getSpeechTimestamps, pythonRound, SpeechTimestampTracker } from './speech-timestamps.js';
import type { SpeechProbabilities, SpeechTimestamp } from './speech-timestamps.js';

function probsOf(values: number[], numSamples: number): SpeechProbabilities {
  return { probs: Float32Array.from(values), numSamples, samplingRate: 16000, windowSizeSamples: 512 };
}

describe('getSpeechTimestamps on the golden probabilities (kit vad_timestamps)', () => {
  it('kit lists 24 vad_timestamps cases', () => {
    expect(vadTimestampsCases.length).toBe(24);
  });

  for (const c of vadTimestampsCases) {
    it(c.id, () => {
      const golden = kitJson(c.expected.file);
      const speech = probsOf(goldenProbs(c.expected.file), golden.num_samples as number);
      expect(c.options.windowSizeSamples).toBe(speech.windowSizeSamples);
      expect(c.options.samplingRate).toBe(speech.samplingRate);
      expect(getSpeechTimestamps(speech, kitTimestampOptions(c))).toEqual(expectedTimestamps(c));
    });
  }

  it('the default negative threshold is max(threshold - 0.15, 0.01)', () => {
    const c = vadTimestampsCases[0];
    const speech = probsOf(goldenProbs(c.expected.file), kitJson(c.expected.file).num_samples as number);
    const { negThreshold: _, ...rest } = kitTimestampOptions(c);
    expect(getSpeechTimestamps(speech, rest)).toEqual(expectedTimestamps(c));
  });
});

describe('getSpeechTimestamps on hand-made curves', () => {
  const W = 512;
  /** probs from run-length pairs [value, count]. */
  function curve(...runs: [number, number][]): SpeechProbabilities {
    const values: number[] = [];
    for (const [v, n] of runs) for (let i = 0; i < n; i++) values.push(v);
    return probsOf(values, values.length * W);
  }

  it('one region, padded by 480 samples on both sides', () => {
    // speech chunks 10..29, then silence long enough (>= 100 ms = 1600 samples -> 4 chunks) to end it
    const s = curve([0.1, 10], [0.9, 20], [0.1, 20]);
    expect(getSpeechTimestamps(s)).toEqual([{ start: 10 * W - 480, end: 30 * W + 480 }]);
  });

  it('short silences are bridged, short speech dropped', () => {
    const s = curve([0.1, 10], [0.9, 20], [0.1, 2], [0.9, 20], [0.1, 20], [0.9, 5], [0.1, 20]);
    // 2-chunk silence (1024 < 1600 samples) bridged; the 5-chunk burst (2560 <= 4000 samples) dropped
    expect(getSpeechTimestamps(s)).toEqual([{ start: 10 * W - 480, end: 52 * W + 480 }]);
  });

  it('hysteresis: values between neg threshold and threshold keep speech going', () => {
    const s = curve([0.1, 4], [0.9, 10], [0.4, 30], [0.2, 10]);
    expect(getSpeechTimestamps(s)).toEqual([{ start: 4 * W - 480, end: 44 * W + 480 }]);
  });

  it('regions closer than two pads share the gap', () => {
    // gap of 5 chunks (2560 samples) > min silence; 2560 >= 960 so full pads; then a gap below 960
    const s = curve([0.9, 10], [0.1, 5], [0.9, 10], [0.1, 20]);
    expect(getSpeechTimestamps(s, { speechPadMs: 100 })).toEqual([
      // pad 1600 each; gap 2560 < 3200 -> each side gets floor(2560 / 2)
      { start: 0, end: 10 * W + 1280 },
      { start: 15 * W - 1280, end: 25 * W + 1600 },
    ]);
  });

  it('maxSpeechDurationS cuts hard without a usable silence', () => {
    // 1 s max -> max_speech_samples = 16000 - 512 - 960 = 14528 -> cut at the first chunk past it
    // (i = 29); chunk 29 is skipped, the next region starts at chunk 30; the 512-sample gap is
    // shorter than two pads, so each side gets 256.
    const s = curve([0.9, 80]);
    const out = getSpeechTimestamps(s, { maxSpeechDurationS: 1 });
    expect(out[0]).toEqual({ start: 0, end: 29 * W + 256 });
    expect(out[1].start).toBe(30 * W - 256);
    expect(out.length).toBeGreaterThan(2);
    for (const r of out.slice(0, -1)) expect(r.end - r.start).toBeLessThanOrEqual(16000);
  });

  it('maxSpeechDurationS splits at the longest silence seen inside the region', () => {
    // speech, silence of 6 chunks, speech, silence of 8 chunks, speech... longer than 2 s in total
    const s = curve([0.9, 10], [0.2, 6], [0.9, 10], [0.2, 8], [0.9, 40], [0.1, 10]);
    const out = getSpeechTimestamps(s, { maxSpeechDurationS: 2, minSilenceDurationMs: 1000 });
    // the longest silence starts at chunk 26 (8 chunks): the first region ends there
    expect(out[0].start).toBe(0);
    expect(out[0].end).toBe(26 * W + 480);
    const last = getSpeechTimestamps(s, {
      maxSpeechDurationS: 2,
      minSilenceDurationMs: 1000,
      useMaxPossSilAtMaxSpeech: false,
    });
    expect(last[0].end).toBe(26 * W + 480); // the last silence is also the longest here
    const first = getSpeechTimestamps(curve([0.9, 10], [0.2, 8], [0.9, 10], [0.2, 6], [0.9, 40], [0.1, 10]), {
      maxSpeechDurationS: 2,
      minSilenceDurationMs: 1000,
      useMaxPossSilAtMaxSpeech: false,
    });
    expect(first[0].end).toBe(28 * W + 480); // last silence (6 chunks at 28), not the longest (at 10)
  });

  it('speech running to the end closes at the audio length; seconds are rounded like Python', () => {
    const s: SpeechProbabilities = { ...curve([0.1, 5], [0.9, 30]), numSamples: 34 * W + 100 };
    expect(getSpeechTimestamps(s)).toEqual([{ start: 5 * W - 480, end: 34 * W + 100 }]);
    const secs = getSpeechTimestamps(s, { returnSeconds: true, timeResolution: 2 });
    expect(secs).toEqual([{ start: 0.13, end: 1.09 }]); // 2080 / 16000 = 0.13, min(round(1.09425, 2), 1.09425)
  });

  it('empty input gives no regions and bad options are rejected', () => {
    expect(getSpeechTimestamps(curve())).toEqual([] as SpeechTimestamp[]);
    expect(() => getSpeechTimestamps(curve([0.9, 3]), { threshold: 1.5 })).toThrow(/threshold/);
    expect(() => getSpeechTimestamps(curve([0.9, 3]), { maxSpeechDurationS: 0 })).toThrow(/maxSpeechDurationS/);
  });
});

describe('pythonRound', () => {
  it('rounds the exact binary value half to even', () => {
    expect(pythonRound(0.25, 1)).toBe(0.2);
    expect(pythonRound(0.75, 1)).toBe(0.8);
    expect(pythonRound(0.35, 1)).toBe(0.3); // 0.35 is 0.34999999999999997...
    expect(pythonRound(0.45, 1)).toBe(0.5); // 0.45 is 0.45000000000000001...
    expect(pythonRound(2.5, 0)).toBe(2);
    expect(pythonRound(3.5, 0)).toBe(4);
    expect(pythonRound(6.7540625, 1)).toBe(6.8);
    expect(pythonRound(21.63, 1)).toBe(21.6);
    expect(pythonRound(-1.25, 1)).toBe(-1.2);
    expect(pythonRound(30, 1)).toBe(30);
    expect(pythonRound(1.0049999999999999, 2)).toBe(1);
  });
});

describe('SpeechTimestampTracker (incremental)', () => {
  /** Speech-like probabilities: runs of high and low values with noise around the thresholds. */
  const runs = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 0,
      maxLength: 30,
    })
    .map((parts) =>
      parts.flatMap(([n, level]) => Array.from({ length: n }, (_, k) => (level + 0.2 * Math.sin(k)) % 1)),
    );
  const options = fc.record({
    threshold: fc.constantFrom(0.3, 0.5, 0.7),
    maxSpeechDurationS: fc.constantFrom(Infinity, 3, 10, 30),
    minSilenceDurationMs: fc.constantFrom(0, 100, 500),
    speechPadMs: fc.constantFrom(0, 30, 400),
    useMaxPossSilAtMaxSpeech: fc.boolean(),
  });

  it('gives the regions of getSpeechTimestamps whatever the pieces it is fed in', () => {
    fc.assert(
      fc.property(runs, options, fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1 }), (values, opts, cuts) => {
        const speech = probsOf(values, values.length * 512 - 100);
        const whole = getSpeechTimestamps(speech, opts);
        const tracker = new SpeechTimestampTracker(speech, opts);
        const streamed: SpeechTimestamp[] = [];
        let at = 0;
        for (let c = 0; at < values.length; c++) {
          const n = cuts[c % cuts.length];
          const got = tracker.push(speech.probs.subarray(at, at + n));
          // a region returned early never lies beyond what has been fed
          for (const r of got) expect(r.start).toBeLessThanOrEqual((at + n) * 512);
          streamed.push(...got);
          at += n;
        }
        streamed.push(...tracker.finish());
        expect(streamed).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('returns a region before the end once its successor is complete', () => {
    const values = [...Array(50).fill(0.9), ...Array(50).fill(0.05), ...Array(50).fill(0.9), ...Array(50).fill(0.05)];
    const speech = probsOf(values, values.length * 512);
    const tracker = new SpeechTimestampTracker(speech);
    expect(tracker.push(speech.probs.subarray(0, 120))).toHaveLength(0); // the successor has begun, not ended
    expect(tracker.push(speech.probs.subarray(120, 160))).toHaveLength(1);
    expect(tracker.push(speech.probs.subarray(160))).toHaveLength(0);
    expect(tracker.finish()).toHaveLength(1);
    expect(tracker.finish()).toHaveLength(0);
    expect(() => tracker.push([0.5])).toThrow(/after finish/);
  });
});
