import { afterAll, describe, expect, it } from 'vitest';
import { JsGreedyPick, OnnxGreedyPick } from './greedy-pick.js';
import { argmaxLogSumExp, makeRandom } from './score-math.js';

const V = 51865;

/** Rows of Whisper-like scores: spread logits, suppressed entries, one row with a tie at the top. */
function scoreRows(rows: number, seed: number): Float32Array {
  const random = makeRandom(seed);
  const x = new Float32Array(rows * V);
  for (let i = 0; i < x.length; i++) x[i] = (random() - 0.5) * 30;
  for (let r = 0; r < rows; r++) for (let k = 0; k < 90; k++) x[r * V + ((k * 577 + r) % V)] = -Infinity;
  x[1 * V + 100] = 40;
  x[1 * V + 200] = 40; // tie: the first index wins, as torch.argmax
  return x;
}

function reference(x: Float32Array, rows: number): { tokens: number[]; logprobs: number[] } {
  const lse = new Float64Array(1);
  const tokens: number[] = [];
  const logprobs: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * V, (r + 1) * V);
    const t = argmaxLogSumExp(row, lse);
    tokens.push(t);
    logprobs.push(row[t] - lse[0]);
  }
  return { tokens, logprobs };
}

describe('greedy pick', () => {
  const onnx = new OnnxGreedyPick();
  afterAll(() => onnx.release());

  it('gives the same tokens as the JavaScript argmax and float32-close log-probabilities', async () => {
    for (const rows of [1, 3, 8]) {
      const x = scoreRows(rows, rows);
      const before = x.slice();
      const want = reference(x, rows);
      const got = await onnx.pick(x, rows, V);
      expect([...got.tokens]).toEqual(want.tokens);
      got.logprobs.forEach((lp, r) => expect(Math.abs(lp - want.logprobs[r])).toBeLessThan(1e-5));
      expect(x).toEqual(before); // scores are not changed
    }
    expect((await onnx.pick(scoreRows(2, 9), 2, V)).tokens[1]).toBe(100);
  });

  it('reads only the first rows x nVocab scores of a longer buffer', async () => {
    const x = scoreRows(4, 5);
    const got = await onnx.pick(x, 2, V);
    expect([...got.tokens]).toEqual(reference(x, 2).tokens);
    expect(got.tokens.length).toBe(2);
  });

  it('answers rows that are all -Infinity or hold NaN as the JavaScript form does', async () => {
    const x = scoreRows(3, 7);
    x.fill(-Infinity, 0, V);
    x[2 * V + 17] = Number.NaN;
    const js = await new JsGreedyPick().pick(x, 3, V);
    const got = await onnx.pick(x, 3, V);
    expect(got.tokens[0]).toBe(js.tokens[0]);
    expect(got.logprobs[0]).toBe(js.logprobs[0]);
    expect(got.tokens[2]).toBe(js.tokens[2]);
    expect(Number.isNaN(got.logprobs[2])).toBe(Number.isNaN(js.logprobs[2]));
    expect(got.tokens[1]).toBe(js.tokens[1]);
  });

  it('still picks (in JavaScript) after release', async () => {
    const pick = new OnnxGreedyPick();
    const x = scoreRows(2, 11);
    const first = await pick.pick(x, 2, V);
    await pick.release();
    await pick.release();
    const after = await pick.pick(x, 2, V);
    expect([...after.tokens]).toEqual([...first.tokens]);
    expect(after.logprobs).toEqual(Float64Array.from(reference(x, 2).logprobs));
  });
});
