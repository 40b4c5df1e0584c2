/**
 * The ceiling for our overhead: a bare loop over the same onnxruntime sessions, nothing around
 * it — the same VAD windows (found beforehand, untimed), log-mel with the core extractor, encoder
 * batches of 8, then the merged decoder: one no-cache step on the 4-token prompt, then cached
 * steps feeding each step's presents straight back, argmax over raw logits, 80 tokens per window.
 *   node bench/cases/raw-ort.mjs --model tiny --audio FILE [--compute_type int8]
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import {
  args,
  BATCH,
  CORE_DIST,
  emit,
  MAX_NEW_TOKENS,
  modelDir,
  PROMPT,
  THREADS,
  timeSessionRuns,
} from '../lib/common.mjs';

const a = args();
const size = a.model ?? 'tiny';
const suffix = a.compute_type === 'int8' ? '_quantized' : '';
const core = await import(CORE_DIST);
const { Tensor } = core;
const sessions = timeSessionRuns();

const audio = await core.loadAudio(a.audio);
const windows = core.mergeChunks(await core.detectSpeech(audio, { method: 'silero' }), 30);
const dir = join(modelDir(size), 'onnx');
const encoder = await core.createSession(join(dir, `encoder_model${suffix}.onnx`), { threads: THREADS });
const decoder = await core.createSession(join(dir, `decoder_model_merged${suffix}.onnx`), { threads: THREADS });
const pastNames = decoder.inputNames.filter((n) => n.startsWith('past_key_values.'));
const heads = { tiny: 6, base: 8 }[size];
const headDim = { tiny: 64, base: 64 }[size];
const dModel = heads * headDim;
sessions.encoder = sessions.decoder = sessions.vad = 0;

const mel = core.createLogMelExtractor({ nMels: 80 });
const melBuf = new Float32Array(BATCH * mel.windowSize);
let tokens = 0;
let melSeconds = 0;
const t0 = performance.now();
for (let i = 0; i < windows.length; i += BATCH) {
  const batch = windows.slice(i, i + BATCH);
  const B = batch.length;
  const tm = performance.now();
  batch.forEach((w, b) => {
    const s = Math.floor(w.start * 16000);
    mel.computeInto(audio.subarray(s, Math.min(audio.length, Math.ceil(w.end * 16000), s + 480000)), melBuf, b);
  });
  melSeconds += (performance.now() - tm) / 1000;
  const enc = await encoder.run({
    input_features: new Tensor('float32', melBuf.subarray(0, B * mel.windowSize), [B, 80, 3000]),
  });
  const ids = new BigInt64Array(B * PROMPT.length);
  for (let b = 0; b < B; b++) PROMPT.forEach((t, j) => (ids[b * PROMPT.length + j] = BigInt(t)));
  const feeds = {
    input_ids: new Tensor('int64', ids, [B, PROMPT.length]),
    encoder_hidden_states: enc.last_hidden_state,
    use_cache_branch: new Tensor('bool', new Uint8Array([0]), [1]),
  };
  for (const n of pastNames) feeds[n] = new Tensor('float32', new Float32Array(0), [B, heads, 0, headDim]);
  let out = await decoder.run(feeds);
  const encKv = {};
  for (const n of pastNames) if (n.includes('.encoder.')) encKv[n] = out[n.replace('past_key_values', 'present')];
  const step = new BigInt64Array(B);
  const stepIds = new Tensor('int64', step, [B, 1]);
  const placeholder = new Tensor('float32', new Float32Array(B * dModel), [B, 1, dModel]);
  const cacheFlag = new Tensor('bool', new Uint8Array([1]), [1]);
  for (let n = 0; n < MAX_NEW_TOKENS; n++) {
    const logits = out.logits.data;
    const V = out.logits.dims[2];
    const S = out.logits.dims[1];
    for (let b = 0; b < B; b++) {
      const off = (b * S + S - 1) * V;
      let best = 0;
      let max = -Infinity;
      for (let v = 0; v < V; v++) if (logits[off + v] > max) [max, best] = [logits[off + v], v];
      step[b] = BigInt(best);
    }
    tokens += B;
    if (n === MAX_NEW_TOKENS - 1) break;
    const next = { input_ids: stepIds, encoder_hidden_states: placeholder, use_cache_branch: cacheFlag };
    for (const p of pastNames)
      next[p] = p.includes('.encoder.') ? encKv[p] : out[p.replace('past_key_values', 'present')];
    out = await decoder.run(next);
  }
}
const total = (performance.now() - t0) / 1000;
const duration = audio.length / 16000;
const inSessions = sessions.encoder + sessions.decoder;
emit({
  system: suffix ? 'bare onnxruntime int8' : 'bare onnxruntime',
  model: size,
  audioSeconds: duration,
  seconds: total,
  xRealtime: duration / total,
  windows: windows.length,
  tokens,
  tokensPerSecond: tokens / total,
  stages: {
    logMel: melSeconds,
    encoder: sessions.encoder,
    decoder: sessions.decoder,
    other: Math.max(0, total - inSessions - melSeconds),
  },
  outsideSessionsShare: (total - inSessions) / total,
  note: 'VAD excluded (windows found before timing)',
});
