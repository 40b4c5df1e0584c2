/**
 * The compiled addon against real MLX (runs where it is built: Linux with the mlx[cpu] wheel, macOS):
 * parity with the kit's transformers goldens at float32, work from many libuv threads at once (MLX
 * binds streams to threads), batched decoding equal to one window at a time, and MLX's quantized
 * matmuls. Skipped, with the reason printed, where the addon is not built.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAvailable, loadWhisper } from './index.js';
import type { MlxWhisperModel } from './native-types.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kitDir = process.env.WHISPERX_KIT_DIR ?? path.resolve(packageDir, '../../../shared/conformance');
const modelDir = path.join(kitDir, 'whisper-mini');
const availability = isAvailable();
const ready = availability.available && existsSync(path.join(modelDir, 'model.safetensors'));
if (!ready) console.log(`addon tests skipped: ${availability.reason ?? `no kit model at ${modelDir}`}`);

const golden = (name: string) => {
  const b = readFileSync(path.join(modelDir, 'golden', `${name}.bin`));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const worst = (a: Float32Array, b: Float32Array, rel = 0) => {
  let w = 0;
  for (let i = 0; i < b.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) - rel * Math.abs(b[i]));
  return w;
};
const V = 51865;
const SOT = [50258, 50259, 50359, 50363];
const MEL = 80 * 3000;

/** B windows: the golden jfk mel, each shifted by a different number of frames. */
function mels(b: number): Float32Array {
  const base = golden('jfk.mel80');
  const out = new Float32Array(b * MEL);
  for (let w = 0; w < b; w++)
    for (let m = 0; m < 80; m++)
      for (let t = 0; t < 3000; t++) out[w * MEL + m * 3000 + t] = base[m * 3000 + ((t + 37 * w) % 3000)];
  return out;
}

/** Greedy argmax decoding of `steps` tokens for every window of `mel`, all rows in one state. */
async function greedy(model: MlxWhisperModel, mel: Float32Array, b: number, steps: number): Promise<number[][]> {
  const enc = await model.encode(mel, b);
  const state = model.startDecode(
    enc,
    Int32Array.from({ length: b }, (_, i) => i),
  );
  const rows: number[][] = Array.from({ length: b }, () => []);
  let input = Int32Array.from(Array.from({ length: b }, () => SOT).flat());
  let perRow = SOT.length;
  for (let s = 0; s < steps; s++) {
    const { logits } = await model.decode(input, perRow, state);
    input = new Int32Array(b);
    for (let r = 0; r < b; r++) {
      const row = logits.subarray(r * V, (r + 1) * V);
      let best = 0;
      for (let i = 1; i < V; i++) if (row[i] > row[best]) best = i;
      rows[r].push(best);
      input[r] = best;
    }
    perRow = 1;
  }
  state.dispose();
  enc.dispose();
  return rows;
}

describe.runIf(ready)('the MLX addon on the kit model', () => {
  it('matches the transformers goldens at float32 (encoder and first logits)', async () => {
    const model = await loadWhisper(modelDir, { dtype: 'float32' });
    expect(model.info).toMatchObject({ dtype: 'float32', quantBits: 0, layout: 'hf' });
    const enc = await model.encode(golden('jfk.mel80'), 1);
    expect(worst(await model.encoderStates(enc), golden('jfk.encoder_last_hidden_state'), 1e-3)).toBeLessThan(1e-4);
    const state = model.startDecode(enc, Int32Array.from([0]));
    const { logits } = await model.decode(Int32Array.from([50258]), 1, state);
    expect(worst(logits, golden('jfk.logits_step0_sot'))).toBeLessThan(1e-3);
    model.dispose();
  }, 60_000);

  it('runs load, encode and decode from many worker threads at once with the same results', async () => {
    const [a, b] = await Promise.all([
      loadWhisper(modelDir, { dtype: 'float32' }),
      loadWhisper(modelDir, { dtype: 'float32' }),
    ]);
    const mel = mels(2);
    const runs = await Promise.all([greedy(a, mel, 2, 6), greedy(b, mel, 2, 6), greedy(a, mel, 2, 6)]);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    a.dispose();
    b.dispose();
  }, 120_000);

  it('decodes batches of 1, 8 and 16 windows to identical tokens', async () => {
    const model = await loadWhisper(modelDir, { dtype: 'float32' });
    const mel = mels(16);
    const b16 = await greedy(model, mel, 16, 6);
    const b8 = [
      ...(await greedy(model, mel.subarray(0, 8 * MEL), 8, 6)),
      ...(await greedy(model, mel.subarray(8 * MEL), 8, 6)),
    ];
    const b1: number[][] = [];
    for (let w = 0; w < 16; w++) b1.push(...(await greedy(model, mel.subarray(w * MEL, (w + 1) * MEL), 1, 6)));
    expect(b8).toEqual(b16);
    expect(b1).toEqual(b16);
    expect(new Set(b16.map((r) => r.join(','))).size).toBeGreaterThan(1); // windows really differ
    model.dispose();
  }, 300_000);

  it('quantizes to 8 and 4 bits with MLX quantized matmuls, and decodes close to float32', async () => {
    // Random weights have no outliers: 8-bit lands ~2.5 % (rms) off float32, 4-bit ~45 % (measured).
    const logitsOf = async (m: MlxWhisperModel) => {
      const enc = await m.encode(golden('jfk.mel80'), 1);
      const { logits } = await m.decode(Int32Array.from(SOT), SOT.length, m.startDecode(enc, Int32Array.from([0])));
      return logits;
    };
    const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    const argmax = (a: Float32Array) => a.indexOf(Math.max(...a));
    const full = await logitsOf(await loadWhisper(modelDir, { dtype: 'float32' }));
    const relative: number[] = [];
    for (const bits of [8, 4] as const) {
      const q = await loadWhisper(modelDir, { dtype: 'float32', quantBits: bits });
      expect(q.info).toMatchObject({ quantBits: bits, groupSize: 64 });
      const logits = await logitsOf(q);
      expect(logits).toHaveLength(V);
      expect(logits.every(Number.isFinite)).toBe(true);
      relative.push(rms(logits.map((x, i) => x - full[i])) / rms(full));
      if (bits === 8) expect(argmax(logits)).toBe(argmax(full));
      q.dispose();
    }
    expect(relative[0]).toBeGreaterThan(0); // really quantized
    expect(relative[0]).toBeLessThan(0.05);
    expect(relative[1]).toBeGreaterThan(relative[0]);
    expect(relative[1]).toBeLessThan(0.8);
  }, 120_000);
});
