import { describe, expect, it } from 'vitest';
import { ApplyTimestampRules, SuppressAtBegin, SuppressTokens } from './logit-filters.js';

// toy vocabulary: text 0-4, eot 5, notimestamps 6, timestamps 7.. (index = id - 7)
const V = 20;
const EOT = 5;
const NOTS = 6;
const TS = 7;
const rules = new ApplyTimestampRules({
  eot: EOT,
  noTimestamps: NOTS,
  timestampBegin: TS,
  maxInitialTimestampIndex: 3,
});
const flat = (value = 0) => new Float32Array(V).fill(value);
const allowed = (s: Float32Array) => [...s.keys()].filter((i) => s[i] !== -Infinity);

describe('SuppressAtBegin / SuppressTokens', () => {
  it('suppresses begin ids only at the first position', () => {
    const f = new SuppressAtBegin([1, EOT]);
    const a = flat();
    f.apply(a, []);
    expect(allowed(a)).not.toContain(1);
    expect(allowed(a)).not.toContain(EOT);
    const b = flat();
    f.apply(b, [3]);
    expect(allowed(b)).toHaveLength(V);
  });
  it('suppresses its ids at every position and ignores out-of-range ids', () => {
    const f = new SuppressTokens([2, 4, 2, 99]);
    const a = flat();
    f.apply(a);
    expect(allowed(a)).toEqual([...Array(V).keys()].filter((i) => i !== 2 && i !== 4));
  });
});

describe('ApplyTimestampRules', () => {
  it('first token: a timestamp no later than the initial limit', () => {
    const s = flat();
    rules.apply(s, []);
    expect(allowed(s)).toEqual([TS, TS + 1, TS + 2, TS + 3]);
  });
  it('after text: timestamps must not go back (strictly after the last one)', () => {
    const s = flat();
    s.fill(-5, TS); // text more likely than all timestamps together
    rules.apply(s, [TS + 2, 1]);
    expect(allowed(s)).toEqual([0, 1, 2, 3, 4, EOT, ...[...Array(V - TS - 3).keys()].map((k) => TS + 3 + k)]);
  });
  it('a lone timestamp after text must be closed: no text, same or later timestamp', () => {
    const s = flat();
    s[EOT] = 5; // keep EOT more likely than the timestamps together
    rules.apply(s, [TS, 1, TS + 4]);
    expect(allowed(s)).toEqual([EOT, ...[...Array(V - TS - 4).keys()].map((k) => TS + 4 + k)]);
  });
  it('after a pair: no timestamp next', () => {
    const s = flat();
    s.fill(-30, TS);
    rules.apply(s, [TS, 1, TS + 4, TS + 4]);
    expect(allowed(s)).toEqual([0, 1, 2, 3, 4, EOT]);
  });
  it('forces a timestamp when their total probability beats every text token', () => {
    const s = flat(-3);
    s[1] = 0; // best text token
    for (let i = TS + 5; i < V; i++) s[i] = -0.5; // 8 timestamps, together more likely than token 1
    rules.apply(s, [TS, 1]);
    expect(allowed(s).every((i) => i >= TS)).toBe(true);
    const t = flat(-3);
    t.fill(-Infinity, TS);
    t[1] = 0;
    t[TS + 5] = -0.5; // one timestamp, less likely than token 1
    rules.apply(t, [TS, 1]);
    expect(allowed(t)).toContain(1);
  });
  it('always forbids <|notimestamps|>', () => {
    const s = flat();
    rules.apply(s, [TS, 1]);
    expect(allowed(s)).not.toContain(NOTS);
  });
});
