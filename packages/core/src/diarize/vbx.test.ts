import { describe, expect, it } from 'vitest';
import { clusterVbx, initialResponsibilities } from './vbx.js';

describe('VBx', () => {
  it('starts from the one-hot AHC labels smoothed by a softmax of scale 7', () => {
    const { gamma, k } = initialResponsibilities([0, 2, 1], 7);
    expect(k).toBe(3);
    const on = Math.exp(7) / (Math.exp(7) + 2);
    expect(gamma[0]).toBeCloseTo(on, 15);
    expect(gamma[1]).toBeCloseTo(1 / (Math.exp(7) + 2), 15);
    expect(gamma[5]).toBeCloseTo(on, 15);
  });

  it('merges an over-split start back into the true speakers, with a non-decreasing ELBO', async () => {
    const d = 16;
    const t = 60;
    let seed = 11;
    const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.6;
    const centres = [0, 1].map((s) => Float64Array.from({ length: d }, (_, j) => (j % 2 === s ? 4 : -4)));
    const x = new Float64Array(t * d);
    const truth = Array.from({ length: t }, (_, i) => (i < 30 ? 0 : 1));
    for (let i = 0; i < t; i++) for (let j = 0; j < d; j++) x[i * d + j] = centres[truth[i]][j] + noise();
    // AHC over-split each true speaker in two.
    const start = truth.map((s, i) => 2 * s + (i % 2));
    const phi = new Float64Array(d).fill(20);
    const r = await clusterVbx(start, x, phi, { Fa: 0.3, Fb: 17 });
    for (let i = 1; i < r.elbo.length; i++) expect(r.elbo[i]).toBeGreaterThan(r.elbo[i - 1] - 1e-9);
    const kept = Array.from(r.pi.keys()).filter((s) => r.pi[s] > 1e-7);
    const hard = truth.map((_, i) => {
      let best = 0;
      for (let s = 1; s < r.speakers; s++) if (r.gamma[i * r.speakers + s] > r.gamma[i * r.speakers + best]) best = s;
      return best;
    });
    expect(new Set(hard.slice(0, 30)).size).toBe(1);
    expect(new Set(hard.slice(30)).size).toBe(1);
    expect(hard[0]).not.toBe(hard[59]);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < t; i++) {
      let sum = 0;
      for (let s = 0; s < r.speakers; s++) sum += r.gamma[i * r.speakers + s];
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});
