/**
 * Where the diarization embedding time goes: the random-weight WeSpeaker ResNet34 of
 * bench/generate-diarize-models.py on N items of T fbank frames, run one item per call (what the
 * pipeline does when item lengths differ) and as one batch per call of B items (equal lengths).
 *   node bench/cases/embedding-batch.mjs [--models DIR] [--items 32] [--frames 280] [--batch 32] [--threads 2]
 * Prints one JSON line: seconds and GFLOP/s of each way (best of 2).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { args, CACHE, emit, ortModule } from '../lib/common.mjs';

const a = args();
const items = Number(a.items ?? 32);
const frames = Number(a.frames ?? 280);
const batch = Number(a.batch ?? 32);
const threads = Number(a.threads ?? 2);
const { InferenceSession, Tensor } = ortModule();
const file = join(a.models ?? join(CACHE, 'diarize'), 'embedding/speaker-embedding.onnx');
const session = await InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1 });
const feats = Float32Array.from({ length: batch * frames * 80 }, (_, i) => Math.sin(i * 0.37));

async function time(rows) {
  const input = new Tensor('float32', feats.subarray(0, rows * frames * 80), [rows, frames, 80]);
  let best = Infinity;
  for (let r = 0; r < 2; r++) {
    const t0 = performance.now();
    for (let done = 0; done < items; done += rows) await session.run({ feats: input });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

await time(1); // warm-up
const single = await time(1);
const batched = await time(batch);
// FLOPs of one item (see diarize.mjs resnet34Flops), x items
const { resnet34Flops } = await import('./diarize-flops.mjs');
const gflop = (items * resnet34Flops(frames)) / 1e9;
emit({
  system: 'embedding batching',
  items,
  frames,
  batch,
  threads,
  singleSeconds: single,
  batchedSeconds: batched,
  singleGflopsPerSecond: gflop / single,
  batchedGflopsPerSecond: gflop / batched,
  gflop,
});
