import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kitPath, readKitArray, readKitWav } from '../../../../../test/helpers/kit.js';
import { computeEmissions, loadWav2Vec2, releaseWav2Vec2 } from '../wav2vec2.js';
import { buildWav2Vec2Graph, builtGraphRoot, wav2vec2OnnxBytes } from './build-cache.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'w2v-graph-'));
const hub = path.join(tmp, 'hub');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('wav2vec2 graph builder', () => {
  const mini = kitPath('wav2vec2-mini');

  it("reproduces the shared kit's wav2vec2-mini emissions (transformers golden) from config.json + safetensors", async () => {
    const model = await loadWav2Vec2(mini, { format: 'safetensors', graphCacheDir: hub, threads: 1 });
    try {
      const [em] = await computeEmissions(model, [readKitWav(kitPath('audio/jfk.wav'))]);
      const golden = readKitArray(kitPath('wav2vec2-mini/golden/jfk.emissions_log_softmax.bin'));
      expect([em.frames, em.labels]).toEqual(golden.shape);
      expect(maxAbsDiff(em.data, golden.data as Float32Array)).toBeLessThan(1e-3);
    } finally {
      await releaseWav2Vec2(model);
    }
  });

  it('agrees with the kit ONNX export of the same weights', async () => {
    const built = await loadWav2Vec2(mini, { format: 'safetensors', graphCacheDir: hub, threads: 1 });
    const exported = await loadWav2Vec2(mini, { format: 'onnx', threads: 1 });
    try {
      const wav = readKitWav(kitPath('audio/jfk.wav')).subarray(0, 64000);
      const [a] = await computeEmissions(built, [wav], { output: 'logits' });
      const [b] = await computeEmissions(exported, [wav], { output: 'logits' });
      expect(maxAbsDiff(a.data, b.data)).toBeLessThan(2e-4);
    } finally {
      await releaseWav2Vec2(built);
      await releaseWav2Vec2(exported);
    }
  });

  it('builds once into the folder beside the hub cache, then reuses it; a changed checkpoint is built again', async () => {
    const folder = path.join(tmp, 'copy');
    cpSync(mini, folder, { recursive: true });
    const first = await buildWav2Vec2Graph(path.join(folder, 'config.json'), path.join(folder, 'model.safetensors'), {
      hubCacheDir: hub,
    });
    expect(first.built).toBe(true);
    expect(first.onnxPath.startsWith(builtGraphRoot(hub))).toBe(true);
    expect(builtGraphRoot(hub)).toBe(path.join(tmp, 'whisperx-ts', 'wav2vec2-onnx'));
    expect(existsSync(path.join(path.dirname(first.onnxPath), 'model.onnx_data'))).toBe(true);
    const again = await buildWav2Vec2Graph(path.join(folder, 'config.json'), path.join(folder, 'model.safetensors'), {
      hubCacheDir: hub,
    });
    expect(again).toEqual({ onnxPath: first.onnxPath, built: false });
    const st = statSync(path.join(folder, 'model.safetensors'));
    utimesSync(path.join(folder, 'model.safetensors'), st.atime, new Date(st.mtimeMs + 5000));
    const changed = await buildWav2Vec2Graph(path.join(folder, 'config.json'), path.join(folder, 'model.safetensors'), {
      hubCacheDir: hub,
    });
    expect(changed.built).toBe(true);
    expect(changed.onnxPath).not.toBe(first.onnxPath);
    // nothing half-written is left behind
    expect(readdirSync(builtGraphRoot(hub)).filter((d) => d.includes('.tmp-'))).toEqual([]);
  });

  it('writes a self-contained ONNX file whose weights are inline', async () => {
    const bytes = await wav2vec2OnnxBytes(path.join(mini, 'config.json'), path.join(mini, 'model.safetensors'));
    const weights = statSync(path.join(mini, 'model.safetensors')).size;
    expect(bytes.length).toBeGreaterThan(weights * 0.9);
    expect(Buffer.from(bytes).includes(Buffer.from('model.onnx_data'))).toBe(false);
  });

  it('refuses a checkpoint without a CTC head with one line', async () => {
    const folder = path.join(tmp, 'not-ctc');
    cpSync(mini, folder, { recursive: true });
    const cfg = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8'));
    cfg.architectures = ['Wav2Vec2ForPreTraining'];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(folder, 'config.json'), JSON.stringify(cfg));
    await expect(
      buildWav2Vec2Graph(path.join(folder, 'config.json'), path.join(folder, 'model.safetensors'), {
        hubCacheDir: hub,
      }),
    ).rejects.toThrow(
      /not-ctc\/config\.json: architecture Wav2Vec2ForPreTraining is not Wav2Vec2ForCTC.*--align_model/,
    );
  });
});
