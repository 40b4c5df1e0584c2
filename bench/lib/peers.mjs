/**
 * The peer systems of the bench (Python packages, each run by bench/cases/peer.py in its own process):
 * faster-whisper's batched pipeline, WhisperX (pyannote and silero VAD), mlx-whisper and whisper.cpp
 * (pywhispercpp), all on the same random weights converted to their formats, plus where they come from.
 *
 * The peers' venv is $BENCH_PEERS_PYTHON, else ~/.cache/whisperx-ts-peers-py/bin/python. It is made
 * only when asked (`pnpm bench -- --install-peers`: python3 -m venv + pip install -r
 * bench/peers-requirements.txt, pinned); without it every peer case is reported as not installed.
 * Models (in CACHE, beside the ONNX folders): whisper-<size>-random-ct2 (CTranslate2's own
 * ct2-transformers-converter on model.safetensors, float32; faster-whisper and WhisperX quantize to
 * int8 at load, as they do for users), whisper-<size>-random-mlx and whisper-<size>-random-ggml.bin
 * (bench/convert-peer-models.py).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CACHE, REPO } from './common.mjs';

export const PEERS_VENV = join(homedir(), '.cache/whisperx-ts-peers-py');
/**
 * Real Whisper base weights, when the eval set-up has made them (READY beside them): an onnx-community
 * folder with model.safetensors, and the original CTranslate2 model. Model name in the bench: base-real.
 */
const EVAL_MODELS = process.env.WHISPERX_EVAL_MODELS ?? join(homedir(), '.cache/whisperx-ts-eval/models');
export const REAL = { hf: join(EVAL_MODELS, 'whisper-base'), ct2: join(EVAL_MODELS, 'whisper-base-ct2') };
export const realBaseAvailable = () => existsSync(join(EVAL_MODELS, 'READY'));

/** The Hugging Face / onnx-community folder of a bench model name (tiny, base, small, base-real). */
export function hfDir(size) {
  return size === 'base-real' ? REAL.hf : join(CACHE, `whisper-${size}-random`);
}

/** The peers' python, or null when there is none. */
export function peersPython() {
  const py = process.env.BENCH_PEERS_PYTHON ?? join(PEERS_VENV, 'bin/python');
  return existsSync(py) ? py : null;
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (exit ${r.status})`);
}

/** Make the peers' venv (pinned versions from bench/peers-requirements.txt). */
export function installPeers() {
  const py = join(PEERS_VENV, 'bin/python');
  if (!existsSync(py)) run('python3', ['-m', 'venv', PEERS_VENV]);
  console.error(`[setup] installing the peers into ${PEERS_VENV} (bench/peers-requirements.txt)`);
  run(py, ['-m', 'pip', 'install', '-q', '-r', join(REPO, 'bench/peers-requirements.txt')]);
}

/** Folder / file of a size's model in each peer format. */
export function peerModel(size, format) {
  if (size === 'base-real' && format === 'ct2') return REAL.ct2;
  const base = join(CACHE, size === 'base-real' ? 'whisper-base-real' : `whisper-${size}-random`);
  return format === 'ggml' ? `${base}-ggml.bin` : `${base}-${format}`;
}

/** Convert the size's model.safetensors into the CTranslate2, MLX and ggml formats (when missing). */
export function ensurePeerModels(sizes, py) {
  const hf = hfDir;
  for (const size of sizes) {
    const ct2 = peerModel(size, 'ct2');
    if (!existsSync(join(ct2, 'model.bin'))) {
      console.error(`[setup] CTranslate2 conversion of whisper-${size}-random`);
      run(join(dirname(py), 'ct2-transformers-converter'), [
        '--model',
        hf(size),
        '--output_dir',
        ct2,
        '--copy_files',
        'tokenizer.json',
        'preprocessor_config.json',
        '--force',
      ]);
    }
    const convert = join(REPO, 'bench/convert-peer-models.py');
    if (!existsSync(join(peerModel(size, 'mlx'), 'weights.safetensors')))
      run(py, [convert, 'mlx', hf(size), peerModel(size, 'mlx')]);
    if (!existsSync(peerModel(size, 'ggml'))) run(py, [convert, 'ggml', hf(size), peerModel(size, 'ggml')]);
  }
}

/**
 * The peer cases of one size and compute type ('fp32' | 'int8'): { label, system, argv } for peer.py,
 * or { label, system, skipped } for a combination a peer cannot run. mlx-whisper runs only for
 * `mlxModels` (default tiny: on a Linux CPU it is far slower than the rest, see BENCHMARKS.md).
 */
export function peerCases(size, computeType, audio, { mlxModels = ['tiny'] } = {}) {
  const ct = computeType === 'int8' ? 'int8' : 'float32';
  const tag = computeType === 'int8' ? ' int8' : '';
  const common = ['--audio', audio, '--compute_type', ct, '--label', size, '--threads', '2', '--batch', '8'];
  const ct2 = peerModel(size, 'ct2');
  const cases = [
    { label: `${size} faster-whisper${tag}`, argv: ['--system', 'faster-whisper', '--model', ct2, ...common] },
    {
      label: `${size} whisperx pyannote${tag}`,
      argv: ['--system', 'whisperx', '--vad_method', 'pyannote', '--model', ct2, ...common],
    },
    {
      label: `${size} whisperx silero${tag}`,
      argv: ['--system', 'whisperx', '--vad_method', 'silero', '--model', ct2, ...common],
    },
    mlxModels.includes(size)
      ? {
          label: `${size} mlx-whisper${tag}`,
          argv: ['--system', 'mlx-whisper', '--model', peerModel(size, 'mlx'), ...common],
        }
      : {
          label: `${size} mlx-whisper${tag}`,
          system: 'mlx-whisper',
          skipped:
            'not run: mlx-whisper on the Linux CPU decodes about 10x slower than the others (tiny: 0.6x realtime); --mlx-models adds this model',
        },
  ];
  if (computeType === 'int8') {
    cases.push({
      label: `${size} whisper.cpp int8`,
      system: 'whisper.cpp',
      skipped: "not run: q8_0 ggml files come from whisper.cpp's quantize tool, which the PyPI binding lacks",
    });
  } else {
    const argv = ['--system', 'whisper.cpp', '--model', peerModel(size, 'ggml'), ...common];
    cases.push({ label: `${size} whisper.cpp f16`, argv: argv.map((x) => (x === 'float32' ? 'float16' : x)) });
  }
  return cases;
}

/**
 * The full-pipeline race's alignment and diarization models (bench/generate-full-models.py, in the
 * peers' venv: it builds them from pyannote's and transformers' classes). Returns { align, diarize }.
 */
export function ensureFullModels(py, speechWav) {
  const dir = join(CACHE, 'full');
  const out = { align: join(dir, 'align'), diarize: join(dir, 'diarize') };
  if (!existsSync(join(out.align, 'model.safetensors')) || !existsSync(join(out.diarize, 'config.yaml'))) {
    console.error(
      '[setup] generating the full-pipeline race models (wav2vec2-base, segmentation-3.0, ResNet34; ~30 s)',
    );
    run(py, [join(REPO, 'bench/generate-full-models.py'), dir, speechWav]);
  }
  return out;
}

/**
 * The full pipeline (VAD + ASR + alignment + diarization), ours then WhisperX's (its default pyannote
 * VAD), fp32, on one model: { label, command: 'node' | 'python', argv }.
 */
export function fullCases(size, audio, models) {
  const common = ['--audio', audio, '--align', models.align, '--diarize', models.diarize, '--label', size];
  return [
    {
      label: `${size} full ours`,
      command: 'node',
      argv: ['bench/cases/full.mjs', '--model_dir', hfDir(size), ...common],
    },
    {
      label: `${size} full whisperx`,
      command: 'python',
      argv: [join(REPO, 'bench/cases/whisperx_full.py'), '--model', peerModel(size, 'ct2'), ...common],
    },
  ];
}
