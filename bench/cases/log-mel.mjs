/**
 * Log-mel of one hour of audio (120 windows of 30 s, 80 bins) with the core extractor, single
 * thread, best of 3.   node bench/cases/log-mel.mjs
 */
import { performance } from 'node:perf_hooks';
import { CORE_DIST, emit } from '../lib/common.mjs';

const core = await import(CORE_DIST);
const mel = core.createLogMelExtractor({ nMels: 80 });
const audio = new Float32Array(480000).map((_, i) => 0.1 * Math.sin(i * 0.05) + 0.01 * Math.sin(i * 1.7));
const buf = new Float32Array(8 * mel.windowSize);
for (let i = 0; i < 3; i++) mel.computeInto(audio, buf, i);
let best = Infinity;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  for (let w = 0; w < 120; w++) mel.computeInto(audio, buf, w % 8);
  best = Math.min(best, (performance.now() - t0) / 1000);
}
emit({ system: 'log-mel', audioSeconds: 3600, seconds: best, target: '< 2 s' });
