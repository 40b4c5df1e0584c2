/**
 * Micro-benchmark of Silero VAD: per-chunk cost of SileroVad.speechProbabilities (one ONNX
 * run per 512-sample chunk, state carried) and of getSpeechTimestamps, on synthetic audio.
 *
 *   cd packages/core && node --import tsx scripts/bench-vad.ts [--seconds 300] [--version v5|v6.2]
 */
import { getSpeechTimestamps } from '../src/vad/speech-timestamps.js';
import { SileroVad } from '../src/vad/silero.js';
import type { SileroVersion } from '../src/vad/silero.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const seconds = Number(arg('seconds', '300'));
const version = arg('version', 'v6.2') as SileroVersion;
const audio = new Float32Array(seconds * 16000);
let seed = 7;
for (let i = 0; i < audio.length; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  // bursts of a 200 Hz tone with noise, 2 s on / 1 s off
  const on = Math.floor(i / 16000) % 3 !== 2;
  audio[i] = (on ? 0.3 * Math.sin((2 * Math.PI * 200 * i) / 16000) : 0) + 0.003 * (seed / 2 ** 32 - 0.5);
}

const model = await SileroVad.load({ version });
await model.speechProbabilities(audio.subarray(0, 16000 * 5)); // warm-up
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const probs = await model.speechProbabilities(audio);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const t1 = performance.now();
const regions = getSpeechTimestamps(probs, { maxSpeechDurationS: 30 });
const tsMs = performance.now() - t1;
await model.release();
console.log(
  `silero ${version}: ${seconds} s audio, ${probs.probs.length} chunks in ${(ms / 1000).toFixed(3)} s wall ` +
    `(${((cpu.user + cpu.system) / 1e6).toFixed(3)} s CPU), ${((ms * 1000) / probs.probs.length).toFixed(1)} us/chunk, ` +
    `${(seconds / (ms / 1000)).toFixed(0)}x real time; getSpeechTimestamps ${tsMs.toFixed(2)} ms (${regions.length} regions)`,
);
