/**
 * Peer: transformers.js 4.3.1's automatic-speech-recognition pipeline on the same ONNX files
 * (local only), 30 s chunks (its default 5 s stride each side), batch 8, 2 threads, greedy,
 * 80 new tokens per chunk, English transcription.
 *   node bench/cases/transformers-js.mjs --model tiny --audio FILE [--model_dir DIR] [--warmup]
 * --model_dir: the onnx-community folder (default: the bench's random-weight folder of --model).
 * --warmup: one untimed pass over the first 30 s first (as the peers suite does for every system).
 */
import { performance } from 'node:perf_hooks';
import { dirname, basename } from 'node:path';
import { args, BATCH, CORE_DIST, emit, MAX_NEW_TOKENS, modelDir, THREADS, timeSessionRuns } from '../lib/common.mjs';

const a = args();
const size = a.model ?? 'tiny';
const folder = a.model_dir ?? modelDir(size);
const { pipeline, env } = await import('@huggingface/transformers');
const core = await import(CORE_DIST);
const sessions = timeSessionRuns(); // same onnxruntime-node 1.30.0 package instance when hoisted; 0 otherwise

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = dirname(folder);
const audio = await core.loadAudio(a.audio);
let t0 = performance.now();
const asr = await pipeline('automatic-speech-recognition', basename(folder), {
  dtype: 'fp32',
  device: 'cpu',
  session_options: { intraOpNumThreads: THREADS, interOpNumThreads: 1 },
});
const loadSeconds = (performance.now() - t0) / 1000;

let tokens = 0;
let windows = 0;
const generate = asr.model.generate.bind(asr.model);
asr.model.generate = async (options) => {
  const out = await generate(options);
  const [rows, len] = out.dims;
  windows += rows;
  tokens += rows * (len - 4); // minus the 4-token prompt (no row ends early: EOS logit is 0)
  return out;
};

const options = {
  chunk_length_s: 30,
  batch_size: BATCH,
  language: 'en',
  task: 'transcribe',
  return_timestamps: false,
  max_new_tokens: MAX_NEW_TOKENS,
  num_beams: 1,
  do_sample: false,
};
let warmupSeconds = null;
if (a.warmup) {
  t0 = performance.now();
  await asr(audio.subarray(0, 30 * 16000), options);
  warmupSeconds = (performance.now() - t0) / 1000;
  tokens = windows = 0;
  sessions.encoder = sessions.decoder = 0;
}
t0 = performance.now();
const out = await asr(audio, options);
const total = (performance.now() - t0) / 1000;
await asr.dispose?.();
const duration = audio.length / 16000;
const inSessions = sessions.encoder + sessions.decoder;
emit({
  system: 'transformers.js',
  model: size,
  audioSeconds: duration,
  seconds: total,
  xRealtime: duration / total,
  windows,
  tokens,
  tokensPerSecond: tokens / total,
  textChars: out.text.length,
  stages: { encoder: sessions.encoder, decoder: sessions.decoder, other: Math.max(0, total - inSessions) },
  outsideSessionsShare: inSessions > 0 ? (total - inSessions) / total : null,
  loadSeconds,
  warmupSeconds,
});
