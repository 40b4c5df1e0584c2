/**
 * The decoding policy's arithmetic over whole score rows ([rows, nVocab], row-major):
 * - `pick` (greedy): for each row, the likeliest token (argmax, first on ties) and its
 *   log-probability (log-softmax at it); the filters have already run on the rows.
 * - `logSoftmax` (beam search): every row replaced by its log-softmax, before the filters.
 * Math helpers of the policy, not a policy: the decoders decide what the numbers mean. They run on
 * any backend, whatever executes the network.
 *
 * In JavaScript each is two or three passes over 51,865 scores per row and step, the largest part
 * of the time a decoding pass spends outside the model. {@link OnnxScoreKernels} runs them as small
 * ONNX graphs (ArgMax / LogSoftmax / ReduceMax) on onnxruntime's vectorised CPU kernels instead:
 * greedy tiny on 10 minutes (1,701 row-steps) spends 0.5 s in the pick, and the time outside the
 * model sessions went from 1.74 s to 1.45 s (bench/cases/ours.mjs, three alternating runs each).
 * Results are float32 (as the reference implementations compute them) instead of float64
 * accumulations; a row whose result is not finite (every score -Infinity, or NaN) is answered by
 * the JavaScript form, which defines those cases.
 */
import { createSessionFromBytes, float32Tensor, releaseSession, type OrtSession } from '../onnx/session.js';
import { OnnxWriter } from '../onnx/onnx-writer.js';
import { argmaxLogSumExp, logSoftmaxInPlace } from './score-math.js';

export interface GreedyPicks {
  /** The chosen token of each row. */
  tokens: Int32Array;
  /** log softmax(row)[token] of each row. */
  logprobs: Float64Array;
}

export interface ScoreKernels {
  /** Argmax and its log-probability over `rows` rows (`scores` is not changed). */
  pick(scores: Float32Array, rows: number, nVocab: number): Promise<GreedyPicks>;
  /** Replace each of the first `rows` rows of `scores` by its log-softmax, in place. */
  logSoftmax(scores: Float32Array, rows: number, nVocab: number): Promise<void>;
  /** Free what it holds (safe to call twice; the JavaScript forms answer afterwards). */
  release(): Promise<void>;
}

function rowOf(scores: Float32Array, r: number, nVocab: number): Float32Array {
  return scores.subarray(r * nVocab, (r + 1) * nVocab);
}

/** One row in JavaScript (float64 log-sum-exp); also the fallback of {@link OnnxScoreKernels}. */
function pickRow(scores: Float32Array, r: number, nVocab: number, lse: Float64Array, out: GreedyPicks): void {
  const row = rowOf(scores, r, nVocab);
  const token = argmaxLogSumExp(row, lse);
  out.tokens[r] = token;
  out.logprobs[r] = row[token] - lse[0];
}

function emptyPicks(rows: number): GreedyPicks {
  return { tokens: new Int32Array(rows), logprobs: new Float64Array(rows) };
}

/** The JavaScript forms: float64 accumulation, no native session. */
export class JsScoreKernels implements ScoreKernels {
  private readonly lse = new Float64Array(1);

  async pick(scores: Float32Array, rows: number, nVocab: number): Promise<GreedyPicks> {
    const out = emptyPicks(rows);
    for (let r = 0; r < rows; r++) pickRow(scores, r, nVocab, this.lse, out);
    return out;
  }

  async logSoftmax(scores: Float32Array, rows: number, nVocab: number): Promise<void> {
    for (let r = 0; r < rows; r++) logSoftmaxInPlace(rowOf(scores, r, nVocab));
  }

  async release(): Promise<void> {}
}

/** pick: scores [rows, vocab] -> token [rows] (int64), logprob [rows]. */
async function pickGraph(): Promise<Uint8Array> {
  const w = await OnnxWriter.create({});
  const scores = w.input('scores', ['rows', 'vocab']);
  w.node('ArgMax', [scores], { axis: 1, keepdims: 0, select_last_index: 0 }, 'token');
  w.node('ReduceMax', [w.node('LogSoftmax', [scores], { axis: 1 })], { axes: [1], keepdims: 0 }, 'logprob');
  w.output('token', ['rows'], 'int64');
  w.output('logprob', ['rows']);
  return w.finish('greedy_pick', 'argmax and its log-softmax per row (whisperx-ts)');
}

/** logSoftmax: scores [rows, vocab] -> logprobs [rows, vocab], top [rows] (each row's largest, to spot non-finite rows). */
async function logSoftmaxGraph(): Promise<Uint8Array> {
  const w = await OnnxWriter.create({});
  const scores = w.input('scores', ['rows', 'vocab']);
  const logprobs = w.node('LogSoftmax', [scores], { axis: 1 }, 'logprobs');
  w.node('ReduceMax', [logprobs], { axes: [1], keepdims: 0 }, 'top');
  w.output('logprobs', ['rows', 'vocab']);
  w.output('top', ['rows']);
  return w.finish('log_softmax', 'log-softmax per row (whisperx-ts)');
}

type Graph = 'pick' | 'logSoftmax';

/**
 * The ONNX forms. Their sessions run on the calling thread (one intra-op thread): between two
 * decoder runs, a thread pool of their own would spin and take the cores the decoder's threads
 * are about to use (measured: the decoder ~40% slower with two threads on a 2-core machine). Each
 * session is built on first use; if onnxruntime refuses a graph, that kernel is answered in
 * JavaScript instead (same tokens, float64 accumulation).
 */
export class OnnxScoreKernels implements ScoreKernels {
  private readonly sessions = new Map<Graph, Promise<OrtSession | undefined>>();
  private readonly js = new JsScoreKernels();
  private readonly lse = new Float64Array(1);
  private released = false;

  private open(graph: Graph): Promise<OrtSession | undefined> | undefined {
    if (this.released) return undefined;
    let session = this.sessions.get(graph);
    if (!session) {
      session = (graph === 'pick' ? pickGraph() : logSoftmaxGraph())
        .then((bytes) => createSessionFromBytes(bytes, `${graph} graph`, { threads: 1 }))
        .catch(() => undefined);
      this.sessions.set(graph, session);
    }
    return session;
  }

  async pick(scores: Float32Array, rows: number, nVocab: number): Promise<GreedyPicks> {
    const session = await this.open('pick');
    if (!session) return this.js.pick(scores, rows, nVocab);
    const out = emptyPicks(rows);
    const result = await session.run({ scores: float32Tensor(scores.subarray(0, rows * nVocab), [rows, nVocab]) });
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

  async logSoftmax(scores: Float32Array, rows: number, nVocab: number): Promise<void> {
    const session = await this.open('logSoftmax');
    if (!session) return this.js.logSoftmax(scores, rows, nVocab);
    const result = await session.run({ scores: float32Tensor(scores.subarray(0, rows * nVocab), [rows, nVocab]) });
    const logprobs = result.logprobs.data as Float32Array;
    const top = result.top.data as Float32Array;
    for (let r = 0; r < rows; r++) {
      const row = rowOf(scores, r, nVocab);
      if (Number.isFinite(top[r])) row.set(rowOf(logprobs, r, nVocab));
      else logSoftmaxInPlace(row);
    }
  }

  async release(): Promise<void> {
    this.released = true;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map(async (s) => releaseSession(await s)));
  }
}
