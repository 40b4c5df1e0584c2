/**
 * Filling missing times the way WhisperX's interpolate_nans does with pandas: 'nearest' (scipy
 * nearest, a tie takes the earlier neighbour) or 'linear' between known values, then
 * forward fill and backward fill for the ends; 'ignore' leaves gaps. With one known value or
 * fewer, only the forward/backward fill applies.
 */

/** How words (and sentences) without a time get one. */
export type InterpolateMethod = 'nearest' | 'linear' | 'ignore';

/** Fill `undefined` entries (a new array is returned). */
export function interpolateMissing(
  values: readonly (number | undefined)[],
  method: InterpolateMethod,
): (number | undefined)[] {
  const out = values.slice();
  if (method === 'ignore') return out;
  const known: number[] = [];
  for (let i = 0; i < out.length; i++) if (out[i] !== undefined && !Number.isNaN(out[i])) known.push(i);
  if (known.length === 0) return out;
  if (known.length > 1) {
    for (let k = 0; k + 1 < known.length; k++) {
      const a = known[k];
      const b = known[k + 1];
      const va = out[a] as number;
      const vb = out[b] as number;
      for (let i = a + 1; i < b; i++) {
        if (method === 'linear') out[i] = va + ((vb - va) * (i - a)) / (b - a);
        else out[i] = i - a <= b - i ? va : vb;
      }
    }
  }
  const first = known[0];
  const last = known[known.length - 1];
  for (let i = 0; i < first; i++) out[i] = out[first];
  for (let i = last + 1; i < out.length; i++) out[i] = out[last];
  return out;
}
