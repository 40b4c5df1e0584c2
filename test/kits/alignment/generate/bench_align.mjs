// Alignment speed and peak memory of a wav2vec2 checkpoint loaded from safetensors (graph built by
// core), over MINUTES of audio cut into SEG-second segments (WhisperX-like ASR segments):
//   node test/kits/alignment/generate/bench_align.mjs <model folder> [minutes=10] [seg=8] [threads=2]
// BENCH_GRAPH_CACHE=<hub cache folder> keeps the built graph between runs (default: a temporary one).
// Prints one JSON line: graph build + load time, alignment seconds, x realtime, peak RSS.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { align, decodeWav, loadAlignModel, releaseAlignModel } from '@whisperx-ts/core';

const [folder, minutes = '10', seg = '8', threads = '2'] = process.argv.slice(2);
const kit = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../../shared/conformance');
const clip = decodeWav(new Uint8Array(readFileSync(path.join(kit, 'audio/two-speakers.wav')))).channelData[0];
const total = Math.round(Number(minutes) * 60 * 16000);
const audio = new Float32Array(total);
for (let i = 0; i < total; i += clip.length) audio.set(clip.subarray(0, Math.min(clip.length, total - i)), i);
const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'a', 'lazy', 'dog', 'again'];
const segments = [];
for (let t = 0; t + Number(seg) <= total / 16000; t += Number(seg)) {
  const text = Array.from({ length: 20 }, (_, k) => words[(k * 7 + t) % words.length]).join(' ');
  segments.push({ start: t, end: t + Number(seg), text: ` ${text}` });
}
const keep = process.env.BENCH_GRAPH_CACHE;
const cache = keep ?? path.join(os.tmpdir(), `align-bench-${process.pid}`, 'hub');
const t0 = performance.now();
const model = await loadAlignModel('en', { modelName: folder, cacheDir: cache, threads: Number(threads), log: () => {} });
const loadS = (performance.now() - t0) / 1000;
const t1 = performance.now();
const res = await align(segments, model, audio);
const alignS = (performance.now() - t1) / 1000;
await releaseAlignModel(model);
const t2 = performance.now();
const again = await loadAlignModel('en', { modelName: folder, cacheDir: cache, threads: Number(threads), log: () => {} });
const reloadS = (performance.now() - t2) / 1000;
await releaseAlignModel(again);
if (!keep && existsSync(path.dirname(cache))) rmSync(path.dirname(cache), { recursive: true, force: true });
console.log(
  JSON.stringify({
    model: path.basename(folder),
    audio_s: total / 16000,
    segments: segments.length,
    words: res.word_segments.length,
    build_and_load_s: +loadS.toFixed(2),
    cached_load_s: +reloadS.toFixed(2),
    align_s: +alignS.toFixed(2),
    align_s_per_audio_s: +(alignS / (total / 16000)).toFixed(4),
    x_realtime: +(total / 16000 / alignS).toFixed(1),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    threads: Number(threads),
    loadavg: os.loadavg().map((x) => +x.toFixed(2)),
  }),
);
