/**
 * One decoding pass: the main loop. Every window of the pass decodes together in one decoder
 * session (B windows x rows-per-window); finished rows leave the session through select().
 */
import type { EncodedBatch, WhisperExecutor } from './executor.js';
import type { Hypothesis, TokenDecoder } from './token-decoder.js';
import { throwIfAborted, WhisperxError } from '../errors.js';

export interface PassWindow {
  /** Index of the window in the encoded batch. */
  source: number;
  /** Decoder prompt (all windows of a pass have prompts of the same length). */
  prompt: readonly number[];
  /** Index of `<|startoftranscript|>` in the prompt. */
  sotIndex: number;
}

export interface PassResult extends Hypothesis {
  /** Probability of `noSpeechToken` at the sot position; NaN when the model has none. */
  noSpeechProb: number;
}

function softmaxAt(row: Float32Array, id: number): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let total = 0;
  for (let i = 0; i < row.length; i++) total += Math.exp(row[i] - max);
  return Math.exp(row[id] - max) / total;
}

/** Decode `windows` with `decoder`; returns one result per window, in order. */
export async function decodePass(
  executor: WhisperExecutor,
  encoded: EncodedBatch,
  windows: readonly PassWindow[],
  decoder: TokenDecoder,
  noSpeechToken: number,
  signal?: AbortSignal,
): Promise<PassResult[]> {
  const promptLength = windows[0].prompt.length;
  const sotIndex = windows[0].sotIndex;
  if (windows.some((w) => w.prompt.length !== promptLength || w.sotIndex !== sotIndex)) {
    throw new WhisperxError('runtime', 'decodePass: prompts of one pass must have the same length.');
  }
  const rowWindows = decoder.initialRows(windows.length);
  const session = executor.startDecode(
    encoded,
    rowWindows.map((w) => windows[w].source),
  );
  const nVocab = executor.dims.nVocab;
  const noSpeech = new Array<number>(windows.length).fill(Number.NaN);
  try {
    // Feed the prompt in two parts so the logits at <|startoftranscript|> give the no-speech probability.
    const feed = (from: number, to: number) => {
      const tokens = new Int32Array(rowWindows.length * (to - from));
      rowWindows.forEach((w, r) => tokens.set(windows[w].prompt.slice(from, to), r * (to - from)));
      return session.step(tokens, to - from);
    };
    throwIfAborted(signal);
    let logits = await feed(0, sotIndex + 1);
    if (noSpeechToken >= 0) {
      rowWindows.forEach((w, r) => {
        if (Number.isNaN(noSpeech[w]))
          noSpeech[w] = softmaxAt(logits.subarray(r * nVocab, (r + 1) * nVocab), noSpeechToken);
      });
    }
    if (promptLength > sotIndex + 1) logits = await feed(sotIndex + 1, promptLength);
    for (;;) {
      throwIfAborted(signal);
      const step = await decoder.update(logits);
      if (!step) break;
      session.select(step.keep);
      logits = await session.step(step.next, 1);
    }
  } finally {
    session.dispose();
  }
  return decoder.finalize().map((h, w) => ({ ...h, noSpeechProb: noSpeech[w] }));
}
