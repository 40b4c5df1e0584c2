import { describe, expect, it } from 'vitest';
import { Mt19937 } from './mt19937.js';

describe('numpy RandomState stream', () => {
  it('gives numpy RandomState(42).random_sample() and RandomState(7).uniform()', () => {
    const r = new Mt19937(42);
    // numpy 2.4: np.random.RandomState(42).random_sample() x3
    expect([r.randomSample(), r.randomSample(), r.randomSample()]).toEqual([
      0.3745401188473625, 0.9507143064099162, 0.7319939418114051,
    ]);
    const s = new Mt19937(7);
    expect([s.randomSample(), s.randomSample()]).toEqual([0.07630828937395717, 0.7799187922401146]);
  });
});
