import { describe, expect, it } from 'vitest';
import { kmeansFitPredict } from './kmeans.js';

describe('k-means (scikit-learn KMeans(n_init=3, random_state=42))', () => {
  it("gives scikit-learn 1.9.1's labels", () => {
    const n = 40;
    const d = 5;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] = Math.sin(i * 1.3 + j * 0.7) + (i % 3) * 0.8) ** 2;
      for (let j = 0; j < d; j++) x[i * d + j] /= Math.sqrt(s);
    }
    // KMeans(n_clusters=k, n_init=3, random_state=42).fit_predict(x), scikit-learn 1.9.1
    const expected: Record<number, number[]> = {
      2: [
        0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0, 0, 0,
      ],
      3: [
        0, 2, 2, 1, 0, 2, 2, 2, 0, 0, 2, 2, 1, 0, 0, 2, 2, 2, 0, 0, 2, 1, 0, 0, 0, 2, 2, 1, 0, 2, 2, 2, 0, 0, 2, 2, 1,
        0, 0, 2,
      ],
      4: [
        0, 2, 2, 1, 0, 0, 2, 2, 0, 3, 0, 2, 1, 3, 0, 2, 2, 0, 3, 0, 2, 1, 3, 0, 0, 2, 2, 1, 0, 0, 2, 2, 0, 3, 0, 2, 1,
        3, 0, 2,
      ],
    };
    for (const k of [2, 3, 4]) expect(Array.from(kmeansFitPredict(x, n, d, k))).toEqual(expected[k]);
  });
});
