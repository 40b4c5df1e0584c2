/** Small numeric helpers over score rows (float64 accumulation, no allocation). */

/** log(sum(exp(x[from:to]))); -Infinity when every entry is -Infinity. */
export function logSumExp(x: ArrayLike<number>, from = 0, to = x.length): number {
  let max = -Infinity;
  for (let i = from; i < to; i++) if (x[i] > max) max = x[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp(x[i] - max);
  return max + Math.log(sum);
}

/**
 * argmax and logSumExp of x in two passes instead of three: the first finds the largest entry
 * (first on ties) and its index, the second sums the exponentials in the same order as logSumExp,
 * so both results are bit-identical to argmax(x) and logSumExp(x). Returns the index; the
 * log-sum-exp goes to out[0].
 */
export function argmaxLogSumExp(x: Float32Array, out: Float64Array): number {
  const n = x.length;
  let best = 0;
  let max = x[0];
  for (let i = 1; i < n; i++) {
    if (x[i] > max) {
      max = x[i];
      best = i;
    }
  }
  if (Number.isNaN(max)) {
    out[0] = logSumExp(x);
    return argmax(x);
  }
  if (max === -Infinity) {
    out[0] = -Infinity;
    return best;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(x[i] - max);
  out[0] = max + Math.log(sum);
  return best;
}

/** In-place log-softmax of x. */
export function logSoftmaxInPlace(x: Float32Array): void {
  const lse = logSumExp(x);
  for (let i = 0; i < x.length; i++) x[i] -= lse;
}

/** Index of the largest entry (first on ties, as torch.argmax). */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
  return best;
}

/** The k largest entries of x as [index, value] pairs, best first (k small). */
export function topK(x: ArrayLike<number>, k: number): Array<[number, number]> {
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (idx.length === k && !(v > val[k - 1])) continue;
    let p = idx.length < k ? idx.length : k - 1;
    while (p > 0 && v > val[p - 1]) {
      if (p < k) {
        idx[p] = idx[p - 1];
        val[p] = val[p - 1];
      }
      p--;
    }
    idx[p] = i;
    val[p] = v;
    if (idx.length > k) {
      idx.length = k;
      val.length = k;
    }
  }
  return idx.map((i, j) => [i, val[j]]);
}

/** Seeded pseudo-random numbers in [0, 1) (mulberry32); Math.random when no seed. */
export function makeRandom(seed: number | undefined): () => number {
  if (seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
