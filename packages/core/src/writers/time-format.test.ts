import { describe, expect, it } from 'vitest';
import {
  SRT_TIMESTAMP,
  VTT_TIMESTAMP,
  formatClock,
  formatClockMillis,
  formatTimestamp,
  pythonFloatRepr,
  roundHalfEven,
  secondsToMillis,
} from './time-format.js';

describe('Python rounding', () => {
  it('rounds ties to even like round()', () => {
    // Python: [round(x) for x in [0.5, 1.5, 2.5, -0.5, -1.5, 5062.5, 12.4999, 12.5000001]]
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 5062.5, 12.4999, 12.5000001].map(roundHalfEven)).toEqual([
      0, 2, 2, -0, -2, 5062, 12, 13,
    ]);
  });
  it('converts seconds to milliseconds as round(1000 * s)', () => {
    // Python: round(1000*0.0125), round(1000*5.0625), round(1000*2.0005), round(1000*0.0015)
    expect([0.0125, 5.0625, 2.0005, 0.0015].map(secondsToMillis)).toEqual([12, 5062, 2001, 2]);
  });
});

describe('timestamps', () => {
  it('writes SRT with hours always and a comma', () => {
    expect(formatTimestamp(0, SRT_TIMESTAMP)).toBe('00:00:00,000');
    expect(formatTimestamp(3_725_500, SRT_TIMESTAMP)).toBe('01:02:05,500');
    expect(formatTimestamp(360_000_000, SRT_TIMESTAMP)).toBe('100:00:00,000');
  });
  it('writes VTT hours only when non-zero, with a dot', () => {
    expect(formatTimestamp(59_999, VTT_TIMESTAMP)).toBe('00:59.999');
    expect(formatTimestamp(3_599_999, VTT_TIMESTAMP)).toBe('59:59.999');
    expect(formatTimestamp(3_600_000, VTT_TIMESTAMP)).toBe('01:00:00.000');
  });
  it('writes clock stamps rounded down, and word stamps with milliseconds', () => {
    expect(formatClock(65.99)).toBe('00:01:05');
    expect(formatClock(Number.NaN)).toBe('00:00:00');
    expect(formatClock(360_002)).toBe('100:00:02');
    expect(formatClockMillis(3725.5)).toBe('01:02:05.500');
  });
});

describe('pythonFloatRepr', () => {
  it("matches Python's repr(float)", () => {
    // Values and expected strings from Python 3.11 repr().
    const cases: [number, string][] = [
      [0, '0.0'],
      [1, '1.0'],
      [2.5, '2.5'],
      [0.1, '0.1'],
      [100, '100.0'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1.5e-7, '1.5e-07'],
      [1e16, '1e+16'],
      [1.2345e16, '1.2345e+16'],
      [123456789012345.6, '123456789012345.6'],
      [7384.123, '7384.123'],
      [0.30000000000000004, '0.30000000000000004'],
      [-2.25, '-2.25'],
      [360001.5, '360001.5'],
      [1e22, '1e+22'],
      [5e-324, '5e-324'],
    ];
    for (const [value, repr] of cases) expect(pythonFloatRepr(value)).toBe(repr);
  });
});
