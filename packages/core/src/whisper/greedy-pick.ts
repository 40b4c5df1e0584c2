/**
 * The greedy step's arithmetic over whole score rows: for each row, the likeliest token (argmax,
 * first on ties) and its log-probability (log-softmax at it). A math helper of the decoding
 * policy, not a policy: the filters have already run on the rows, and the decoder decides what
 * the numbers mean. It runs on any backend, whatever executes the network.
 *
 * In JavaScript this is two passes over 51,865 scores per row and step, the largest part of the
 * time a greedy pass spends outside the model. {@link OnnxGreedyPick} runs it as a three-node
 * ONNX graph (ArgMax, LogSoftmax, ReduceMax) on onnxruntime's vectorised CPU kernels instead:
 * tiny on 10 minutes (1,701 row-steps) spends 0.5 s in it, and the time outside the model sessions
 * went from 1.74 s to 1.45 s (bench/cases/ours.mjs, three alternating runs each). The
 * log-probability is float32 (as the reference implementations compute it) instead of float64;
 * a row whose log-probability is not finite (every score -Infinity, or NaN) is answered by the
 * JavaScript form, which defines those cases.
 */
import { createSessionFromBytes, float32Tensor, releaseSession, type OrtSession } from '../onnx/session.js';
import { OnnxWriter } from '../onnx/onnx-writer.js';
import { argmaxLogSumExp } from './score-math.js';

export interface GreedyPicks {
  /** The chosen token of each row. */
  tokens: Int32Array;
  /** log softmax(row)[token] of each row. */
  logprobs: Float64Array;
}

export interface GreedyPick {
  /** Pick over `rows` rows of `nVocab` scores each (`scores` is [rows, nVocab], row-major; not changed). */
  pick(scores: Float32Array, rows: number, nVocab: number): Promise<GreedyPicks>;
  /** Free what it holds (safe to call twice). */
  release(): Promise<void>;
}

/** One row in JavaScript (float64 log-sum-exp); also the fallback of {@link OnnxGreedyPick}. */
function pickRow(scores: Float32Array, r: number, nVocab: number, lse: Float64Array, out: GreedyPicks): void {
  const row = scores.subarray(r * nVocab, (r + 1) * nVocab);
  const token = argmaxLogSumExp(row, lse);
  out.tokens[r] = token;
  out.logprobs[r] = row[token] - lse[0];
}

/** The JavaScript form: exact in float64, no native session. */
export class JsGreedyPick implements GreedyPick {
  private readonly lse = new Float64Array(1);

  async pick(scores: Float32Array, rows: number, nVocab: number): Promise<GreedyPicks> {
    const out = { tokens: new Int32Array(rows), logprobs: new Float64Array(rows) };
    for (let r = 0; r < rows; r++) pickRow(scores, r, nVocab, this.lse, out);
    return out;
  }

  async release(): Promise<void> {}
}

/** The graph: scores [rows, vocab] -> token [rows] (int64), logprob [rows]. */
async function greedyPickGraph(): Promise<Uint8Array> {
  const w = await OnnxWriter.create({});
  const scores = w.input('scores', ['rows', 'vocab']);
  w.node('ArgMax', [scores], { axis: 1, keepdims: 0, select_last_index: 0 }, 'token');
  w.node('ReduceMax', [w.node('LogSoftmax', [scores], { axis: 1 })], { axes: [1], keepdims: 0 }, 'logprob');
  w.output('token', ['rows'], 'int64');
  w.output('logprob', ['rows']);
  return w.finish('greedy_pick', 'argmax and its log-softmax per row (whisperx-ts)');
}

/**
 * The ONNX form. Its session runs on the calling thread (one intra-op thread): between two
 * decoder runs, a thread pool of its own would spin and take the cores the decoder's threads are
 * about to use (measured: the decoder ~40% slower with two threads on a 2-core machine). The
 * session is built on the first pick; if onnxruntime refuses the graph, every pick is answered in
 * JavaScript instead (same tokens, float64 log-probabilities).
 */
export class OnnxGreedyPick implements GreedyPick {
  private session: Promise<OrtSession | undefined> | undefined;
  private readonly lse = new Float64Array(1);
  private released = false;

  private open(): Promise<OrtSession | undefined> {
    this.session ??= greedyPickGraph()
      .then((bytes) => createSessionFromBytes(bytes, 'greedy pick graph', { threads: 1 }))
      .catch(() => undefined);
    return this.session;
  }

  async pick(scores: Float32Array, rows: number, nVocab: number): Promise<GreedyPicks> {
    const out = { tokens: new Int32Array(rows), logprobs: new Float64Array(rows) };
    const session = this.released ? undefined : await this.open();
    if (!session) {
      for (let r = 0; r < rows; r++) pickRow(scores, r, nVocab, this.lse, out);
      return out;
    }
    const input = scores.length === rows * nVocab ? scores : scores.subarray(0, rows * nVocab);
    const result = await session.run({ scores: float32Tensor(input, [rows, nVocab]) });
    const tokens = result.token.data as BigInt64Array;
    const logprobs = result.logprob.data as Float32Array;
    for (let r = 0; r < rows; r++) {
      if (Number.isFinite(logprobs[r])) {
        out.tokens[r] = Number(tokens[r]);
        out.logprobs[r] = logprobs[r];
      } else pickRow(scores, r, nVocab, this.lse, out);
    }
    return out;
  }

  async release(): Promise<void> {
    this.released = true;
    const session = this.session;
    this.session = undefined;
    if (session) await releaseSession(await session);
  }
}
