/**
 * whisperx-ts, the whole pipeline in-process through the core API: loadModel (Silero VAD + ONNX
 * or MLX Whisper) then transcribe (VAD -> windows -> log-mel -> batched greedy decoding), then
 * optionally word alignment.
 *   node bench/cases/ours.mjs --model tiny --audio FILE [--compute_type int8] [--backend onnx|mlx]
 *     [--batch 8] [--align WAV2VEC2_DIR] [--vad_thread auto|worker|caller] [--model_dir DIR]
 * --model_dir: the model folder (default: the bench's random-weight folder of --model).
 * --warmup: one untimed pass over the first 30 s before the timed run (the peers suite does this for
 *   every system: first-call costs, such as pyannote's first inference, stay out of the figures).
 * --backend mlx loads the model folder's model.safetensors (Hugging Face layout) through
 * @whisperx-ts/native-mlx; where MLX is unavailable the case prints one line
 * "skipped: <isAvailable() reason>" (and a JSON line { skipped }) and exits 0.
 * --align: word timestamps = forced alignment (core `align`) with the wav2vec2 folder given (the
 * bench passes the conformance kit's wav2vec2-mini: a tiny model, so its forward pass is cheap next to
 * a real-size one; the trellis / word search cost is real). Timed inside the total, reported apart.
 * Audio: opened as the CLI opens it (core openAudioSource: a 16 kHz 16-bit WAV is read in place, other
 * media decoded once into a temporary file) and read by range, never held whole.
 * Timed: from the opened audio to the last segment (model load and file opening reported apart).
 * Stages: encoder / decoder = time inside their InferenceSession.run; VAD and log-mel = the same
 * work re-run alone afterwards (VAD runs interleaved with the first batches, so its share of the
 * total is measured apart). firstSegmentSeconds: from the start to the first segment.
 * outsideSessionsShare: the share of the total outside the encoder, decoder and VAD sessions;
 * otherSessionSeconds: the part of it in other onnxruntime sessions (core's greedy pick graph).
 */
import { performance } from 'node:perf_hooks';
import {
  args,
  BATCH,
  CORE_DIST,
  emit,
  MAX_NEW_TOKENS,
  mlxAvailability,
  modelDir,
  THREADS,
  timeSessionRuns,
} from '../lib/common.mjs';

const a = args();
const size = a.model ?? 'tiny';
const computeType = a.compute_type ?? 'default';
const backend = a.backend ?? 'onnx';
const batchSize = Number(a.batch ?? BATCH);
const alignDir = typeof a.align === 'string' ? a.align : undefined;
if (backend === 'mlx') {
  const mlx = await mlxAvailability();
  if (!mlx.available) {
    console.log(`skipped: ${mlx.reason}`);
    console.log(JSON.stringify({ skipped: mlx.reason, backend, model: size, batchSize }));
    process.exit(0);
  }
}
const core = await import(CORE_DIST);
const sessions = timeSessionRuns();

let t0 = performance.now();
const audio = await core.openAudioSource(a.audio);
const decodeSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
const asr = await core.loadModel(typeof a.model_dir === 'string' ? a.model_dir : modelDir(size), {
  backend,
  threads: THREADS,
  computeType,
  localFilesOnly: true,
  vadMethod: 'silero',
  vadOptions: { thread: a.vad_thread ?? 'auto' },
});
const loadSeconds = (performance.now() - t0) / 1000;

// Count windows and generated tokens at the model's generate() (instance wrapper, bench only).
let windows = 0;
let tokens = 0;
const generate = asr.model.generate.bind(asr.model);
asr.model.generate = async (mel, batch, options) => {
  const results = await generate(mel, batch, options);
  windows += batch;
  for (const r of results) tokens += r.tokens.length + (r.endedWithEos ? 1 : 0);
  return results;
};

const transcribeOptions = {
  batchSize,
  language: 'en',
  // greedy, no temperature fallback (random weights would fail every threshold), 80 tokens
  asrOptions: { beamSize: 1, temperature: [0], maxNewTokens: MAX_NEW_TOKENS, withoutTimestamps: true },
};
let warmupSeconds = null;
if (a.warmup) {
  t0 = performance.now();
  const warm = asr.transcribe(audio.read(0, 30 * 16000), transcribeOptions);
  for await (const segment of warm) void segment;
  await warm;
  warmupSeconds = (performance.now() - t0) / 1000;
  windows = tokens = 0;
  for (const k of ['encoder', 'decoder', 'vad', 'other', 'encoderRows']) sessions[k] = 0;
  for (const k of Object.keys(sessions.calls)) sessions.calls[k] = 0;
}
t0 = performance.now();
const run = asr.transcribe(audio, transcribeOptions);
let firstSegmentSeconds = null;
for await (const segment of run) {
  if (firstSegmentSeconds === null && segment) firstSegmentSeconds = (performance.now() - t0) / 1000;
}
const result = await run;
let alignSeconds = null;
let words = 0;
if (alignDir) {
  const tAlign = performance.now();
  const model = await core.loadAlignModel('en', { modelName: alignDir, threads: THREADS });
  const aligned = await core.align(result.segments, model, audio);
  await core.releaseAlignModel(model);
  alignSeconds = (performance.now() - tAlign) / 1000;
  words = aligned.word_segments.length;
}
const total = (performance.now() - t0) / 1000;
await asr.dispose();

// VAD runs interleaved with the batches (onnxruntime-node runs sessions one at a time on this
// thread), so its cost is measured apart: the same Silero pass again, alone.
const vadSessionsDuringRun = sessions.vad;
const silero = await core.SileroVad.load();
t0 = performance.now();
await core.detectSpeech(audio, { model: silero, chunkSize: 30 });
const vad = (performance.now() - t0) / 1000;
const vadSessionSeconds = sessions.vad - vadSessionsDuringRun;
await silero.release();

// log-mel cost of the same number of windows (speed does not depend on content)
const mel = core.createLogMelExtractor({ nMels: 80 });
const buf = new Float32Array(batchSize * mel.windowSize);
const samples = audio.read(0, 480000);
mel.computeInto(samples, buf, 0);
t0 = performance.now();
for (let w = 0; w < windows; w++) mel.computeInto(samples, buf, w % batchSize);
const logMel = (performance.now() - t0) / 1000;

await audio.close();
const inSessions = sessions.encoder + sessions.decoder + vadSessionSeconds;
const duration = audio.length / 16000;
const onnx = backend === 'onnx';
emit({
  system: `whisperx-ts${backend === 'mlx' ? ' mlx' : ''}${computeType === 'int8' ? ' int8' : ''}`,
  backend,
  executor: asr.model.executor?.name ?? null,
  batchSize,
  wordTimestamps: Boolean(alignDir),
  model: size,
  audioSeconds: duration,
  seconds: total,
  xRealtime: duration / total,
  windows,
  tokens,
  tokensPerSecond: tokens / total,
  segments: result.segments.length,
  // MLX runs outside onnxruntime: its encoder + decoder time is in `other`
  stages: {
    vad,
    logMel,
    encoder: onnx ? sessions.encoder : null,
    decoder: onnx ? sessions.decoder : null,
    align: alignSeconds,
    other: Math.max(0, total - vad - logMel - sessions.encoder - sessions.decoder - (alignSeconds ?? 0)),
  },
  firstSegmentSeconds,
  words,
  vadSessionSeconds,
  outsideSessionsShare: (total - inSessions) / total,
  otherSessionSeconds: sessions.other,
  encoderRows: sessions.encoderRows,
  decodeSeconds,
  loadSeconds,
  warmupSeconds,
});
