/**
 * Micro-benchmark of the Whisper log-mel front end: `windows` windows of 30 s (default 120 =
 * one hour of audio), single-threaded, on synthetic audio (speed does not depend on content).
 *
 *   cd packages/core && node --import tsx scripts/bench-log-mel.ts [--windows 120] [--mels 80|128] [--repeats 3]
 *
 * Prints every repeat (wall and CPU time) and the best one (the machine may be shared).
 */
import { createLogMelExtractor, WHISPER_N_SAMPLES } from '../src/audio/log-mel.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const windows = arg('windows', 120);
const nMels = arg('mels', 80) as 80 | 128;
const audio = new Float32Array(WHISPER_N_SAMPLES);
let seed = 1;
for (let i = 0; i < audio.length; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  audio[i] = 0.1 * Math.sin(i * 0.05) + 0.01 * (seed / 2 ** 32 - 0.5);
}

const extractor = createLogMelExtractor({ nMels });
const batch = new Float32Array(8 * extractor.windowSize);
for (let i = 0; i < 3; i++) extractor.computeInto(audio, batch, i % 8); // warm-up (JIT)

const repeats = arg('repeats', 3);
const audioHours = (windows * 30) / 3600;
let best = Infinity;
for (let r = 0; r < repeats; r++) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let w = 0; w < windows; w++) extractor.computeInto(audio, batch, w % 8);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  best = Math.min(best, seconds);
  // CPU time close to wall time = the run had a core to itself.
  console.log(`  run ${r + 1}: ${seconds.toFixed(3)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s CPU`);
}
console.log(
  `log-mel ${nMels} bins: ${windows} windows of 30 s (${audioHours.toFixed(2)} h audio), best of ${repeats}: ` +
    `${best.toFixed(3)} s (${((best / windows) * 1000).toFixed(2)} ms/window, ` +
    `${((best * 1e6) / (windows * 3000)).toFixed(2)} us/frame), single thread`,
);
