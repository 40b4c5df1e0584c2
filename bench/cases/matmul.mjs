/**
 * The machine's fp32 ceiling: onnxruntime's MatMul on [2048, 2048] x [2048, 2048] (17.2 GFLOP) with
 * 2 intra-op threads, best of 5 after a warm-up, plus each model's encoder FLOPs per window.
 *   node bench/cases/matmul.mjs
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CACHE, CORE_DIST, DIMS, emit, encoderFlops, THREADS } from '../lib/common.mjs';

const core = await import(CORE_DIST);
const session = await core.createSession(join(CACHE, 'matmul-2048.onnx'), { threads: THREADS });
const n = 2048;
const a = new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
const feeds = { A: new core.Tensor('float32', a, [n, n]), B: new core.Tensor('float32', a.slice(), [n, n]) };
await session.run(feeds);
let best = Infinity;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  await session.run(feeds);
  best = Math.min(best, (performance.now() - t0) / 1000);
}
const gflops = (2 * n ** 3) / best / 1e9;
emit({
  system: 'matmul 2048^3',
  seconds: best,
  gflops,
  encoderGflopPerWindow: Object.fromEntries(Object.entries(DIMS).map(([k, d]) => [k, encoderFlops(d) / 1e9])),
});
