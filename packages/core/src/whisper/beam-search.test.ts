import { describe, expect, it } from 'vitest';
import { BeamSearchDecoder } from './beam-search.js';
import { decodePass } from './decode-pass.js';
import { SamplingDecoder } from './sampling-decoder.js';
import { FakeExecutor } from './__fixtures__/fake-executor.js';
import type { DecoderSettings } from './token-decoder.js';

// vocabulary: 0, 1, eot = 2, sot = 3; logits are log-probabilities given the generated tokens
const EOT = 2;
const SOT = 3;
function script(_w: number, history: readonly number[], out: Float32Array): void {
  const gen = history.slice(1);
  const p =
    gen.length === 0
      ? [0.6, 0.4, 0, 0]
      : gen.length === 1
        ? gen[0] === 0
          ? [0.35, 0.35, 0.3, 0]
          : [0.05, 0.05, 0.9, 0]
        : [0.05, 0.05, 0.9, 0];
  p.forEach((v, i) => (out[i] = Math.log(v)));
}
const settings = (maxNewTokens: number): DecoderSettings => ({
  nVocab: 4,
  eot: EOT,
  maxNewTokens,
  lengthPenalty: 1,
  filters: [],
});
const windows = (n: number) => Array.from({ length: n }, (_, i) => ({ source: i, prompt: [SOT], sotIndex: 0 }));

describe('beam search (HF semantics)', () => {
  it('finds the better length-normalised hypothesis that greedy misses', async () => {
    const exec = new FakeExecutor(4, script);
    const enc = await exec.encode(new Float32Array(1), 1);
    const [greedy] = await decodePass(exec, enc, windows(1), new SamplingDecoder(settings(3), 0, 1, Math.random), -1);
    expect(greedy.tokens[0]).toBe(0);
    const [beam] = await decodePass(exec, enc, windows(1), new BeamSearchDecoder(settings(3), 2), -1);
    expect(beam.tokens).toEqual([1, EOT]);
    expect(beam.endedWithEos).toBe(true);
    expect(beam.sumLogprob).toBeCloseTo(Math.log(0.4 * 0.9), 6);
    expect(beam.score).toBeCloseTo(Math.log(0.36) / 2, 6);
  });

  it('length penalty 0 ranks by summed log-probability', async () => {
    const exec = new FakeExecutor(4, script);
    const enc = await exec.encode(new Float32Array(1), 1);
    const [beam] = await decodePass(
      exec,
      enc,
      windows(1),
      new BeamSearchDecoder({ ...settings(3), lengthPenalty: 0 }, 2),
      -1,
    );
    expect(beam.tokens).toEqual([1, EOT]);
    expect(beam.score).toBeCloseTo(Math.log(0.36), 6);
  });

  it('hypotheses cut by maxNewTokens are finished without EOS', async () => {
    const exec = new FakeExecutor(4, (_w, _h, out) =>
      out.set([Math.log(0.5), Math.log(0.49), Math.log(0.01), -Infinity]),
    );
    const enc = await exec.encode(new Float32Array(1), 1);
    const [beam] = await decodePass(exec, enc, windows(1), new BeamSearchDecoder(settings(4), 3), -1);
    expect(beam.tokens).toEqual([0, 0, 0, 0]);
    expect(beam.endedWithEos).toBe(false);
    expect(beam.score).toBeCloseTo(Math.log(0.5), 6);
  });

  it('a batch of windows gives the same hypotheses as one window at a time', async () => {
    const hashScript = (w: number, history: readonly number[], out: Float32Array) => {
      let h = w * 7919 + history.length;
      for (const t of history) h = (h * 31 + t) % 1000003;
      for (let v = 0; v < out.length; v++) out[v] = Math.sin(h * (v + 1)) * 3;
      out[SOT] = -Infinity;
    };
    const exec = new FakeExecutor(4, hashScript, true);
    const ids = [5, 9, 2];
    const batch = await exec.encode(Float32Array.from(ids), 3);
    const together = await decodePass(exec, batch, windows(3), new BeamSearchDecoder(settings(8), 3), -1);
    for (let i = 0; i < ids.length; i++) {
      const one = await exec.encode(Float32Array.from([ids[i]]), 1);
      const [alone] = await decodePass(exec, one, windows(1), new BeamSearchDecoder(settings(8), 3), -1);
      expect(alone).toEqual(together[i]);
    }
  });
});
