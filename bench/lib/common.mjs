/**
 * Shared bits of the benchmark cases: argument parsing, the cache folder, the JSON line each case
 * prints, and a timer around onnxruntime's InferenceSession.run (patched on the prototype in the
 * bench process only — the product code is untouched).
 */
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
export const CORE_DIST = join(REPO, 'packages/core/dist/index.js');
/** Models, audio and the venv live here (never in the repo). */
export const CACHE = process.env.WHISPERX_BENCH_CACHE ?? join(homedir(), '.cache/whisperx-ts-bench');
export const KIT = process.env.WHISPERX_KIT_DIR ?? resolve(REPO, '../shared/conformance');
/** Tokens decoded per window by every system. */
export const MAX_NEW_TOKENS = 80;
export const THREADS = Number(process.env.BENCH_THREADS ?? 2);
export const BATCH = 8;
export const PROMPT = [50258, 50259, 50359, 50363]; // <|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|>

/** `--name value` pairs of argv. */
export function args(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const key = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else out[key] = argv[++i];
  }
  return out;
}

/** Folder of the generated random-weight model of this size (all compute-type variants live in it). */
export function modelDir(size) {
  return join(CACHE, `whisper-${size}-random`);
}

/** The onnxruntime-node the core package resolves (the same one transformers.js 4.3.1 pins: 1.30.0). */
export function ortModule() {
  const require = createRequire(join(REPO, 'packages/core/package.json'));
  return require('onnxruntime-node');
}

/** The kind of a Whisper pipeline session, from its input names: encoder / decoder / vad / other. */
function whisperSessionKind(session) {
  const names = session.inputNames;
  if (names.includes('input_features')) return 'encoder';
  if (names.includes('input_ids')) return 'decoder';
  if (names.includes('sr') || names.includes('state')) return 'vad';
  return 'other';
}

/**
 * Time every InferenceSession.run of this process, per kind of session: `kindOf(session, feeds)`
 * names it (default: encoder / decoder / vad / other, told apart by their input names; null = not
 * timed). Returns the accumulator: seconds and calls per kind, and the encoder's rows.
 */
export function timeSessionRuns(kindOf = whisperSessionKind) {
  const { InferenceSession } = ortModule();
  const acc = {
    encoder: 0,
    decoder: 0,
    vad: 0,
    other: 0,
    calls: { encoder: 0, decoder: 0, vad: 0, other: 0 },
    encoderRows: 0,
  };
  const original = InferenceSession.prototype.run;
  InferenceSession.prototype.run = async function run(feeds, ...rest) {
    const kind = kindOf(this, feeds);
    const t0 = performance.now();
    try {
      return await original.call(this, feeds, ...rest);
    } finally {
      if (kind !== null) {
        acc[kind] = (acc[kind] ?? 0) + (performance.now() - t0) / 1000;
        acc.calls[kind] = (acc.calls[kind] ?? 0) + 1;
        if (kind === 'encoder') acc.encoderRows += feeds.input_features.dims[0];
      }
    }
  };
  return acc;
}

/** Peak resident set of this process in MB (getrusage ru_maxrss). */
export function peakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}

/** Print the case's one JSON line (the orchestrator reads the last line starting with `{`). */
export function emit(record) {
  process.stdout.write(`${JSON.stringify({ ...record, peakRssMb: Math.round(peakRssMb()) })}\n`);
}

/**
 * Encoder FLOPs of one 30 s window (multiply-add = 2 FLOPs): two convolutions, then per layer
 * Q/K/V/O projections, the 1500x1500 attention (QK^T and AV) and the MLP (4x width).
 */
export function encoderFlops({ d, layers, mels = 80, ctx = 1500 }) {
  const conv1 = 2 * 3000 * mels * 3 * d;
  const conv2 = 2 * ctx * d * 3 * d;
  const perLayer = 4 * 2 * ctx * d * d + 2 * 2 * ctx * ctx * d + 2 * 2 * ctx * d * 4 * d;
  return conv1 + conv2 + layers * perLayer;
}

export const DIMS = { tiny: { d: 384, layers: 4 }, base: { d: 512, layers: 6 }, small: { d: 768, layers: 12 } };

/**
 * Whether @whisperx-ts/native-mlx is installed and usable here (its isAvailable()), resolved the way
 * core resolves it (core's optional dependency). `{ available, reason }`.
 */
export async function mlxAvailability() {
  const require = createRequire(join(REPO, 'packages/core/package.json'));
  let module;
  try {
    module = await import(require.resolve('@whisperx-ts/native-mlx'));
  } catch (error) {
    return {
      available: false,
      reason: `@whisperx-ts/native-mlx is not installed: ${String(error?.message ?? error).split('\n')[0]}`,
    };
  }
  return module.isAvailable();
}
