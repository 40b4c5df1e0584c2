import { afterAll, describe, expect, it } from 'vitest';
import { JsScoreKernels, OnnxScoreKernels } from './score-kernels.js';
import { argmaxLogSumExp, logSoftmaxInPlace, makeRandom } from './score-math.js';

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

describe('score kernels: greedy pick', () => {
  const onnx = new OnnxScoreKernels();
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
    const js = await new JsScoreKernels().pick(x, 3, V);
    const got = await onnx.pick(x, 3, V);
    expect(got.tokens[0]).toBe(js.tokens[0]);
    expect(got.logprobs[0]).toBe(js.logprobs[0]);
    expect(got.tokens[2]).toBe(js.tokens[2]);
    expect(Number.isNaN(got.logprobs[2])).toBe(Number.isNaN(js.logprobs[2]));
    expect(got.tokens[1]).toBe(js.tokens[1]);
  });

  it('still picks (in JavaScript) after release', async () => {
    const pick = new OnnxScoreKernels();
    const x = scoreRows(2, 11);
    const first = await pick.pick(x, 2, V);
    await pick.release();
    await pick.release();
    const after = await pick.pick(x, 2, V);
    expect([...after.tokens]).toEqual([...first.tokens]);
    expect(after.logprobs).toEqual(Float64Array.from(reference(x, 2).logprobs));
  });
});

describe('score kernels: log-softmax', () => {
  const onnx = new OnnxScoreKernels();
  afterAll(() => onnx.release());

  function jsLogSoftmax(x: Float32Array, rows: number): Float32Array {
    const y = x.slice();
    for (let r = 0; r < rows; r++) logSoftmaxInPlace(y.subarray(r * V, (r + 1) * V));
    return y;
  }

  it('replaces the first rows by their log-softmax (float32-close to the JavaScript form), the rest untouched', async () => {
    const x = scoreRows(5, 21);
    const want = jsLogSoftmax(x, 3);
    const untouched = x.slice(3 * V);
    await onnx.logSoftmax(x, 3, V);
    let worst = 0;
    for (let i = 0; i < 3 * V; i++) {
      if (want[i] === -Infinity) expect(x[i]).toBe(-Infinity);
      else worst = Math.max(worst, Math.abs(x[i] - want[i]));
    }
    expect(worst).toBeLessThan(1e-5);
    expect(x.subarray(3 * V)).toEqual(untouched);
  });

  it('answers an all -Infinity row as the JavaScript form does', async () => {
    const x = scoreRows(2, 23);
    x.fill(-Infinity, V, 2 * V);
    const want = jsLogSoftmax(x, 2);
    await onnx.logSoftmax(x, 2, V);
    expect(x.subarray(V)).toEqual(want.subarray(V));
    expect(Math.abs(x[5] - want[5])).toBeLessThan(1e-5); // the finite row still went through onnxruntime
  });

  it('gives the JavaScript result exactly after release', async () => {
    const kernels = new OnnxScoreKernels();
    await kernels.release();
    const x = scoreRows(2, 25);
    const want = jsLogSoftmax(x, 2);
    await kernels.logSoftmax(x, 2, V);
    expect(x).toEqual(want);
  });
});
