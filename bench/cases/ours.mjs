/**
 * whisperx-ts, the whole pipeline in-process through the core API: loadModel (Silero VAD + ONNX
 * Whisper) then transcribe (VAD -> windows -> log-mel -> batched greedy decoding), no alignment.
 *   node bench/cases/ours.mjs --model tiny --audio FILE [--compute_type int8] [--profile-stages]
 * Timed: from the decoded audio to the last segment (model load and file decoding reported apart).
 * Stages: VAD = until the VAD progress reaches 1; encoder / decoder = time inside their
 * InferenceSession.run; log-mel = the same extractor re-run on as many windows afterwards.
 */
import { performance } from 'node:perf_hooks';
import { args, BATCH, CORE_DIST, emit, MAX_NEW_TOKENS, modelDir, THREADS, timeSessionRuns } from '../lib/common.mjs';

const a = args();
const size = a.model ?? 'tiny';
const computeType = a.compute_type ?? 'default';
const core = await import(CORE_DIST);
const sessions = timeSessionRuns();

let t0 = performance.now();
const audio = await core.loadAudio(a.audio);
const decodeSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
const asr = await core.loadModel(modelDir(size), {
  threads: THREADS,
  computeType,
  localFilesOnly: true,
  vadMethod: 'silero',
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

let vadEnd = 0;
t0 = performance.now();
const result = await asr.transcribe(audio, {
  batchSize: BATCH,
  language: 'en',
  // greedy, no temperature fallback (random weights would fail every threshold), 80 tokens
  asrOptions: { beamSize: 1, temperature: [0], maxNewTokens: MAX_NEW_TOKENS, withoutTimestamps: true },
  onVadProgress: (f) => {
    if (f >= 1 && vadEnd === 0) vadEnd = performance.now();
  },
});
const total = (performance.now() - t0) / 1000;
const vad = (vadEnd - t0) / 1000;
await asr.dispose();

// log-mel cost of the same number of windows (speed does not depend on content)
const mel = core.createLogMelExtractor({ nMels: 80 });
const buf = new Float32Array(BATCH * mel.windowSize);
const samples = audio.subarray(0, 480000);
mel.computeInto(samples, buf, 0);
t0 = performance.now();
for (let w = 0; w < windows; w++) mel.computeInto(samples, buf, w % BATCH);
const logMel = (performance.now() - t0) / 1000;

const inSessions = sessions.encoder + sessions.decoder + sessions.vad;
const duration = audio.length / 16000;
emit({
  system: computeType === 'int8' ? 'whisperx-ts int8' : 'whisperx-ts',
  model: size,
  audioSeconds: duration,
  seconds: total,
  xRealtime: duration / total,
  windows,
  tokens,
  tokensPerSecond: tokens / total,
  segments: result.segments.length,
  stages: {
    vad,
    logMel,
    encoder: sessions.encoder,
    decoder: sessions.decoder,
    other: Math.max(0, total - vad - logMel - sessions.encoder - sessions.decoder),
  },
  vadSessionSeconds: sessions.vad,
  outsideSessionsShare: (total - inSessions) / total,
  encoderRows: sessions.encoderRows,
  decodeSeconds,
  loadSeconds,
});
