/**
 * A scripted WhisperExecutor for unit tests: the next-token logits of a row are a pure function
 * of (window, tokens fed so far), so caching, select() and batching can be checked exactly.
 */
import type { DecodeSession, EncodedBatch, WhisperDims, WhisperExecutor } from '../executor.js';

/** logits for one row: fill `out` [nVocab] given the row's window and full token history. */
export type ScriptedLogits = (window: number, history: readonly number[], out: Float32Array) => void;

export interface StepRecord {
  rows: number;
  tokensPerRow: number;
}

export class FakeExecutor implements WhisperExecutor {
  readonly name = 'fake';
  readonly dims: WhisperDims;
  readonly steps: StepRecord[] = [];
  /** Windows seen by encode (first mel value of each window). */
  readonly encodedFirstValues: number[] = [];

  constructor(
    nVocab: number,
    private readonly script: ScriptedLogits,
    private readonly melIds = false,
  ) {
    this.dims = { nMels: 1, nVocab, nAudioCtx: 1, dModel: 1, nTextCtx: 448, nTextLayer: 1, nTextHead: 1, nAudioLayer: 1 };
  }

  async encode(mel: Float32Array, batchSize: number): Promise<EncodedBatch> {
    const per = mel.length / batchSize;
    const ids = Array.from({ length: batchSize }, (_, b) => (this.melIds ? Math.round(mel[b * per]) : b));
    this.encodedFirstValues.push(...ids);
    return { batchSize, ids, dispose() {} } as EncodedBatch & { ids: number[] };
  }

  startDecode(encoded: EncodedBatch, rowSources: readonly number[]): DecodeSession {
    const ids = (encoded as EncodedBatch & { ids: number[] }).ids;
    let histories = rowSources.map(() => [] as number[]);
    let windows = rowSources.map((s) => ids[s]);
    const { nVocab } = this.dims;
    const steps = this.steps;
    const script = this.script;
    return {
      get rows() {
        return histories.length;
      },
      async step(tokens: Int32Array, tokensPerRow: number) {
        steps.push({ rows: histories.length, tokensPerRow });
        const out = new Float32Array(histories.length * nVocab);
        histories.forEach((h, r) => {
          for (let k = 0; k < tokensPerRow; k++) h.push(tokens[r * tokensPerRow + k]);
          script(windows[r], h, out.subarray(r * nVocab, (r + 1) * nVocab));
        });
        return out;
      },
      select(rowIndices: readonly number[]) {
        histories = rowIndices.map((i) => [...histories[i]]);
        windows = rowIndices.map((i) => windows[i]);
      },
      dispose() {},
    };
  }

  async dispose(): Promise<void> {}
}
