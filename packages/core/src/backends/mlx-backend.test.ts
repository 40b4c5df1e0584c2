import { describe, expect, it } from 'vitest';
import { WhisperxError } from '../errors.js';
import {
  assertMlxAvailable,
  createMlxExecutor,
  pickBackend,
  type MlxNativeEncoded,
  type MlxNativeModel,
  type MlxNativeModule,
  type MlxNativeState,
} from './mlx-backend.js';

const N_VOCAB = 11;
const DIMS = {
  nMels: 4,
  nVocab: N_VOCAB,
  nAudioCtx: 3,
  nTextState: 8,
  nTextCtx: 16,
  nTextLayer: 2,
  nTextHead: 2,
  nAudioLayer: 2,
};
const FRAMES = 2 * DIMS.nAudioCtx;

/**
 * A fake native module that behaves like the addon: each row keeps its token history and source
 * window on the "device"; select() reorders them; the next-token logit peak is
 * (source * 5 + sum of the row's tokens) % nVocab, so tests can see which history a row carries.
 */
function fakeModule(log: string[], available = true): MlxNativeModule {
  class Encoded implements MlxNativeEncoded {
    constructor(
      readonly batchSize: number,
      readonly offsets: number[],
    ) {}
    disposed = false;
    dispose() {
      this.disposed = true;
      log.push('encoded.dispose');
    }
  }
  class State implements MlxNativeState {
    histories: number[][];
    sources: number[];
    constructor(
      readonly encoded: Encoded,
      rowSources: Int32Array,
    ) {
      this.sources = [...rowSources];
      this.histories = this.sources.map(() => []);
    }
    get rows() {
      return this.sources.length;
    }
    select(idx: Int32Array) {
      this.histories = [...idx].map((i) => [...this.histories[i]]);
      this.sources = [...idx].map((i) => this.sources[i]);
    }
    dispose() {
      log.push('state.dispose');
    }
  }
  const model: MlxNativeModel = {
    info: { dims: DIMS, dtype: 'float16', quantBits: 4, device: 'gpu', alignmentHeads: [[1, 0]] },
    async encode(mel, batchSize) {
      // Encoded "features": the first mel value of each window, so rows can be traced to windows.
      const per = DIMS.nMels * FRAMES;
      return new Encoded(
        batchSize,
        Array.from({ length: batchSize }, (_, b) => mel[b * per]),
      );
    },
    async encoderStates(encoded) {
      return Float32Array.from((encoded as Encoded).offsets);
    },
    startDecode(encoded, rowSources) {
      return new State(encoded as Encoded, rowSources);
    },
    async decode(tokens, perRow, state, options) {
      const s = state as State;
      const logits = new Float32Array(s.rows * N_VOCAB);
      for (let r = 0; r < s.rows; r++) {
        s.histories[r].push(...tokens.subarray(r * perRow, (r + 1) * perRow));
        const src = s.encoded.offsets[s.sources[r]];
        const peak = (src * 5 + s.histories[r].reduce((a, b) => a + b, 0)) % N_VOCAB;
        logits[r * N_VOCAB + peak] = 1;
      }
      const crossAttention = options?.withAlignment
        ? new Float32Array(s.rows * perRow * DIMS.nAudioCtx).fill(1 / 3)
        : undefined;
      return { logits, crossAttention };
    },
    dispose() {
      log.push('model.dispose');
    },
  };
  return {
    isAvailable: () => (available ? { available: true } : { available: false, reason: 'MLX not found (looked in X)' }),
    async loadWhisper(dir, options) {
      log.push(`load ${dir} ${JSON.stringify(options)}`);
      if (dir === 'broken') throw new Error('broken/config.json is missing; point at a Whisper model folder\nstack');
      return model;
    },
  };
}

const argmax = (logits: Float32Array, row: number) => {
  const r = logits.subarray(row * N_VOCAB, (row + 1) * N_VOCAB);
  return r.indexOf(Math.max(...r));
};

function melBatch(firstValues: number[]): Float32Array {
  const per = DIMS.nMels * FRAMES;
  const mel = new Float32Array(firstValues.length * per);
  firstValues.forEach((v, b) => (mel[b * per] = v));
  return mel;
}

describe('createMlxExecutor', () => {
  it('implements the executor contract: dims, name, rows per window, select with forks', async () => {
    const log: string[] = [];
    const ex = await createMlxExecutor('models/tiny', { quantBits: 4, loadModule: async () => fakeModule(log) });
    expect(log[0]).toBe('load models/tiny {"quantBits":4}');
    expect(ex.dims).toEqual({
      nMels: 4,
      nVocab: N_VOCAB,
      nAudioCtx: 3,
      dModel: 8,
      nTextCtx: 16,
      nTextLayer: 2,
      nTextHead: 2,
      nAudioLayer: 2,
    });
    expect(ex.name).toBe('mlx:gpu:float16:q4');

    const enc = await ex.encode(melBatch([1, 2]), 2);
    expect(enc.batchSize).toBe(2);
    const s = ex.startDecode(enc, [0, 0, 1]);
    expect(s.rows).toBe(3);
    let logits = await s.step(Int32Array.from([1, 2, 1, 2, 1, 2]), 2);
    expect([0, 1, 2].map((r) => argmax(logits, r))).toEqual([(5 + 3) % 11, (5 + 3) % 11, (10 + 3) % 11]);
    logits = await s.step(Int32Array.from([4, 0, 7]), 1);
    expect([0, 1, 2].map((r) => argmax(logits, r))).toEqual([(5 + 7) % 11, (5 + 3) % 11, (10 + 10) % 11]);
    // Beam fork: keep row 2 twice and row 0; histories and windows travel with the rows.
    s.select([2, 2, 0]);
    expect(s.rows).toBe(3);
    logits = await s.step(Int32Array.from([1, 0, 0]), 1);
    expect([0, 1, 2].map((r) => argmax(logits, r))).toEqual([(10 + 11) % 11, (10 + 10) % 11, (5 + 7) % 11]);
    expect(s.crossAttention).toBeUndefined();
    await expect(s.step(Int32Array.from([1, 2]), 1)).rejects.toThrow('2 tokens for 3 rows x 1');
    s.dispose();
    s.dispose();
    expect(log.filter((l) => l === 'state.dispose')).toHaveLength(1);
    await expect(s.step(Int32Array.from([1, 1, 1]), 1)).rejects.toThrow(WhisperxError);
    await ex.dispose();
  });

  it('returns the alignment heads cross-attention when asked', async () => {
    const ex = await createMlxExecutor('m', { withAlignment: true, loadModule: async () => fakeModule([]) });
    expect(ex.alignmentHeads).toEqual([[1, 0]]);
    const enc = await ex.encode(melBatch([3]), 1);
    const s = ex.startDecode(enc, [0, 0]);
    await s.step(Int32Array.from([5, 6]), 1);
    expect(s.crossAttention).toHaveLength(2 * 1 * DIMS.nAudioCtx);
    expect(s.crossAttention![0]).toBeCloseTo(1 / 3);
    await ex.dispose();
  });

  it('hands out the encoder states of a live batch only', async () => {
    const ex = await createMlxExecutor('m', { loadModule: async () => fakeModule([]) });
    const enc = await ex.encode(melBatch([3, 7]), 2);
    expect([...(await ex.encoderStates(enc))]).toEqual([3, 7]);
    enc.dispose();
    await expect(ex.encoderStates(enc)).rejects.toThrow('MLX encoderStates: the encoded batch was disposed.');
    await ex.dispose();
  });

  it('validates inputs with WhisperxErrors and frees everything on dispose', async () => {
    const log: string[] = [];
    const ex = await createMlxExecutor('m', { loadModule: async () => fakeModule(log) });
    await expect(ex.encode(new Float32Array(5), 1)).rejects.toThrow(
      'mel has 5 values, expected batchSize x 4 x 6 = 24',
    );
    const enc = await ex.encode(melBatch([1]), 1);
    expect(() => ex.startDecode(enc, [1])).toThrow('row source 1 is outside the encoded batch of 1');
    ex.startDecode(enc, [0]);
    await ex.dispose();
    expect(log.slice(1)).toEqual(['state.dispose', 'encoded.dispose', 'model.dispose']);
    await ex.dispose();
    expect(log.filter((l) => l === 'model.dispose')).toHaveLength(1);
    await expect(ex.encode(melBatch([1]), 1)).rejects.toThrow('The MLX executor was disposed');
  });

  it('says how to get MLX when the module is unavailable or missing', async () => {
    const err = await createMlxExecutor('m', { loadModule: async () => fakeModule([], false) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WhisperxError);
    expect((err as WhisperxError).kind).toBe('unavailable');
    expect((err as WhisperxError).message).toBe(
      "--backend mlx needs MLX (macOS: brew install mlx or pip install mlx; Linux: pip install 'mlx[cpu]==0.32.*'), then rebuild @whisperx-ts/native-mlx with PYTHON=<that python> pnpm --filter @whisperx-ts/native-mlx run build:native (MLX not found (looked in X))",
    );
    expect((err as WhisperxError).message).not.toContain('Apple Silicon');
    const missing = await createMlxExecutor('m', {
      loadModule: () => Promise.reject(new Error("Cannot find package '@whisperx-ts/native-mlx'\n at x")),
    }).catch((e: unknown) => e as WhisperxError);
    expect(missing.kind).toBe('unavailable');
    expect(missing.message).toMatch(
      /\(@whisperx-ts\/native-mlx is not installed: Cannot find package '@whisperx-ts\/native-mlx'\)$/,
    );
  });

  it('assertMlxAvailable throws the same one line before any model is touched, and passes when available', async () => {
    await expect(assertMlxAvailable(async () => fakeModule([], false))).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/^--backend mlx needs MLX .*\(MLX not found \(looked in X\)\)$/),
    });
    await expect(assertMlxAvailable(async () => fakeModule([]))).resolves.toBeUndefined();
  });

  it('the default loader fails with one line: unavailable where MLX is not built, else the missing folder', async () => {
    const err = (await createMlxExecutor('/nowhere/m').catch((e: unknown) => e)) as WhisperxError;
    expect(err).toBeInstanceOf(WhisperxError);
    expect(err.message).not.toContain('\n');
    if (err.kind === 'unavailable') expect(err.message).toContain('--backend mlx needs MLX');
    else expect(err).toMatchObject({ kind: 'model', message: expect.stringContaining('/nowhere/m') });
  });

  it('reports model loading problems as model errors naming the folder', async () => {
    const err = (await createMlxExecutor('broken', { loadModule: async () => fakeModule([]) }).catch(
      (e: unknown) => e,
    )) as WhisperxError;
    expect(err.kind).toBe('model');
    expect(err.message).toBe('broken: broken/config.json is missing; point at a Whisper model folder');
  });
});

describe('pickBackend', () => {
  const yes = async () => fakeModule([]);
  const no = async () => fakeModule([], false);
  const missing = () => Promise.reject(new Error('not installed'));

  it('keeps explicit choices', async () => {
    expect(await pickBackend('onnx', { platform: 'darwin', arch: 'arm64', loadModule: yes })).toBe('onnx');
    expect(await pickBackend('mlx', { platform: 'linux', arch: 'x64', loadModule: missing })).toBe('mlx');
  });

  it('auto: mlx only on darwin-arm64 with native-mlx available', async () => {
    expect(await pickBackend('auto', { platform: 'darwin', arch: 'arm64', loadModule: yes })).toBe('mlx');
    expect(await pickBackend('auto', { platform: 'darwin', arch: 'arm64', loadModule: no })).toBe('onnx');
    expect(await pickBackend('auto', { platform: 'darwin', arch: 'arm64', loadModule: missing })).toBe('onnx');
    expect(await pickBackend('auto', { platform: 'darwin', arch: 'x64', loadModule: yes })).toBe('onnx');
    expect(await pickBackend('auto', { platform: 'linux', arch: 'arm64', loadModule: yes })).toBe('onnx');
    expect(await pickBackend('auto')).toBe(
      process.platform === 'darwin' && process.arch === 'arm64' ? expect.any(String) : 'onnx',
    );
  });

  it('rejects unknown names as a usage error', async () => {
    await expect(pickBackend('cuda' as never)).rejects.toMatchObject({ kind: 'usage' });
  });
});
