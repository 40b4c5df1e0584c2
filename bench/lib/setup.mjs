/**
 * First-run set-up of the benchmark, all outside the repo in CACHE:
 *  - models: bench/generate-models.py in a python venv (CACHE/venv, or $BENCH_PYTHON);
 *  - audio: speech-10min.wav and speech-2h.wav, the conformance clips (16 kHz mono) joined with
 *    0.4 s silences and repeated to length; 16-bit PCM WAV, written atomically;
 *  - the core package's dist (turbo build; cached when unchanged).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, KIT, REPO } from './common.mjs';

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (exit ${r.status})`);
}

function python() {
  if (process.env.BENCH_PYTHON) return process.env.BENCH_PYTHON;
  const venv = join(CACHE, 'venv');
  const py = join(venv, 'bin/python');
  if (!existsSync(py)) {
    console.error(`[setup] creating ${venv} (torch, transformers, onnx, onnxruntime, onnxscript)`);
    run('python3', ['-m', 'venv', venv]);
    // The pip configuration of the machine decides the index (PIP_INDEX_URL / pip.conf).
    run(join(venv, 'bin/pip'), ['install', '-q', 'torch', 'transformers', 'onnx', 'onnxruntime', 'onnxscript']);
  }
  return py;
}

/**
 * The random-weight Whisper folders of these sizes (ONNX; int8 variants when `int8`; the Hugging Face
 * model.safetensors the MLX backend loads when `safetensors`) and the matmul model.
 */
export function ensureModels(sizes, int8 = true, safetensors = false) {
  const missing = sizes.filter((s) => {
    const dir = join(CACHE, `whisper-${s}-random/onnx`);
    const need = [
      'encoder_model.onnx',
      'decoder_model_merged.onnx',
      ...(int8 ? ['encoder_model_quantized.onnx', 'decoder_model_merged_quantized.onnx'] : []),
    ];
    return !need.every((f) => existsSync(join(dir, f)));
  });
  const noSafetensors = safetensors
    ? sizes.filter((s) => !missing.includes(s) && !existsSync(join(CACHE, `whisper-${s}-random/model.safetensors`)))
    : [];
  if (noSafetensors.length > 0) {
    console.error(`[setup] writing model.safetensors (Hugging Face layout) for: ${noSafetensors.join(', ')}`);
    run(python(), [
      join(REPO, 'bench/generate-models.py'),
      CACHE,
      join(KIT, 'whisper-mini'),
      ...noSafetensors,
      '--safetensors-only',
    ]);
  }
  if (missing.length > 0 || !existsSync(join(CACHE, 'matmul-2048.onnx'))) {
    console.error(`[setup] generating random-weight models: ${missing.join(', ') || 'matmul'} (about 1 min each)`);
    mkdirSync(CACHE, { recursive: true });
    run(python(), [
      join(REPO, 'bench/generate-models.py'),
      CACHE,
      join(KIT, 'whisper-mini'),
      ...missing,
      ...(int8 ? ['--int8'] : []),
    ]);
  }
  // int8 files of folders made earlier (or by an older recipe) are checked and rewritten when stale:
  // scripts/convert/quantize-onnx.py is idempotent ("up to date" costs a hash of the sources).
  const present = sizes.filter((s) => !missing.includes(s));
  if (int8 && present.length > 0) {
    run(python(), [
      join(REPO, 'bench/generate-models.py'),
      CACHE,
      join(KIT, 'whisper-mini'),
      ...present,
      '--int8-only',
    ]);
  }
}

/** 16 kHz mono int16 samples of a media file (ffmpeg). */
function decode16k(file) {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 's16le', '-'], {
    maxBuffer: 1 << 28,
  });
  return new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
}

function clipList() {
  const audio = join(KIT, 'audio');
  const libri = join(audio, 'librivox');
  const files = readdirSync(libri)
    .filter((f) => f.endsWith('.wav'))
    .map((f) => join(libri, f));
  return [join(audio, 'jfk.wav'), ...files, join(audio, 'two-speakers.wav'), join(audio, 'stereo-two-channel.wav')];
}

function wavHeader(samples) {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + samples * 2, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(samples * 2, 40);
  return h;
}

async function writeSpeech(path, seconds) {
  const gap = new Int16Array(0.4 * 16000);
  const unit = [];
  for (const f of clipList()) unit.push(decode16k(f), gap);
  const total = seconds * 16000;
  const tmp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const write = (buf) => new Promise((res) => (out.write(buf) ? res() : out.once('drain', res)));
  await write(wavHeader(total));
  let left = total;
  while (left > 0) {
    for (const part of unit) {
      if (left <= 0) break;
      const n = Math.min(left, part.length);
      await write(Buffer.from(part.buffer, part.byteOffset, n * 2));
      left -= n;
    }
  }
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  renameSync(tmp, path);
}

export const AUDIO = { '10min': 600, '2h': 7200, '1h': 3600 };
/** Seconds of an audio name: AUDIO's, or `<N>min`. */
function audioSeconds(name) {
  const m = /^(\d+)min$/.exec(name);
  return AUDIO[name] ?? (m ? Number(m[1]) * 60 : undefined);
}

/** Diarization models (bench/generate-diarize-models.py, head calibrated on the 10 min speech file). */
export async function ensureDiarizeModels() {
  const dir = join(CACHE, 'diarize');
  if (
    existsSync(join(dir, 'segmentation/onnx/model.onnx')) &&
    existsSync(join(dir, 'embedding/speaker-embedding.onnx'))
  ) {
    return dir;
  }
  await ensureAudio(['10min']);
  console.error('[setup] generating random-weight diarization models (about 20 s)');
  run(python(), [join(REPO, 'bench/generate-diarize-models.py'), dir, audioPath('10min')]);
  return dir;
}

export async function ensureAudio(names) {
  mkdirSync(CACHE, { recursive: true });
  for (const name of names) {
    const path = audioPath(name);
    if (existsSync(path)) continue;
    console.error(`[setup] writing ${path}`);
    await writeSpeech(path, audioSeconds(name));
  }
}

export function audioPath(name) {
  return join(CACHE, `speech-${name}.wav`);
}

export function ensureBuild() {
  run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only', '--filter=@whisperx-ts/core'], {
    cwd: REPO,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
}
