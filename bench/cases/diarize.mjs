/**
 * Speaker diarization throughput through the core API (loadDiarizationPipeline + diarize) on the
 * real-size random-weight models of bench/generate-diarize-models.py (segmentation-3.0 and WeSpeaker
 * ResNet34 shapes).
 *   node bench/cases/diarize.mjs --audio FILE [--models DIR] [--batch 32]
 * Stages (from the pipeline's progress events): segmentation = until its last batch; embeddings =
 * from there to the start of clustering (speaker count, fbank, masks, embedding runs); clustering =
 * clustering + reconstruction to turns. Session time per model from a wrapper of
 * InferenceSession.run in this process (product code untouched). FLOPs: multiply-add = 2.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { args, CACHE, CORE_DIST, emit, ortModule } from '../lib/common.mjs';
import { resnet34Flops, segmentationFlops } from './diarize-flops.mjs';

const a = args();
const models = a.models ?? join(CACHE, 'diarize');
const batchSize = Number(a.batch ?? 32);
const core = await import(CORE_DIST);

// time InferenceSession.run per model (told apart by input name), and count the embedding frames
const { InferenceSession } = ortModule();
const runs = { segmentation: 0, embedding: 0, segCalls: 0, embCalls: 0, embItems: 0, embFrames: 0, embFlops: 0 };
const original = InferenceSession.prototype.run;
InferenceSession.prototype.run = async function run(feeds, ...rest) {
  const emb = this.inputNames.includes('feats');
  const t0 = performance.now();
  try {
    return await original.call(this, feeds, ...rest);
  } finally {
    const s = (performance.now() - t0) / 1000;
    if (emb) {
      const [b, t] = feeds.feats.dims;
      runs.embedding += s;
      runs.embCalls++;
      runs.embItems += b;
      runs.embFrames += b * t;
      runs.embFlops += b * resnet34Flops(t);
    } else {
      runs.segmentation += s;
      runs.segCalls++;
    }
  }
};

let t0 = performance.now();
const audio = await core.loadAudio(a.audio);
const decodeSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
// --pipeline DIR: a folder with config.yaml (community-1 layout: VBx + PLDA); default the 3.1 pipeline on the two models.
const pipeline = await core.loadDiarizationPipeline({
  modelName: a.pipeline ?? join(models, 'segmentation'),
  embeddingModel: a.pipeline ? undefined : join(models, 'embedding'),
  batchSize,
});
const loadSeconds = (performance.now() - t0) / 1000;
// the load probes the embedding model's shortest input: not part of the diarization
const probe = { ...runs };
for (const k of Object.keys(runs)) runs[k] = 0;

const marks = {};
let segWindows = 0;
t0 = performance.now();
const result = await pipeline.diarize(audio, {
  onProgress: (p) => {
    const now = performance.now();
    if (p.stage === 'segmentation' && p.done === p.total) {
      marks.segmentation = now;
      segWindows = p.total;
    }
    if (p.stage === 'clustering' && p.done === 0) marks.embeddings = now;
    if (p.stage === 'clustering' && p.done === 1) marks.clustering = now;
  },
});
const end = performance.now();
await pipeline.release();

const sec = (x) => (x - t0) / 1000;
const total = (end - t0) / 1000;
const segmentation = sec(marks.segmentation);
const embeddings = sec(marks.embeddings) - segmentation;
const clustering = (end - marks.embeddings) / 1000;
const duration = audio.length / 16000;
const speakers = new Set(result.turns.map((t) => t.speaker)).size;
emit({
  system: 'whisperx-ts diarization',
  audioSeconds: duration,
  seconds: total,
  xRealtime: duration / total,
  stageXRealtime: {
    segmentation: duration / segmentation,
    embeddings: duration / embeddings,
    clustering: duration / clustering,
  },
  stages: { segmentation, embeddings, clustering },
  sessions: {
    segmentation: runs.segmentation,
    embedding: runs.embedding,
    segmentationCalls: runs.segCalls,
    embeddingCalls: runs.embCalls,
  },
  windows: segWindows,
  embeddingItems: runs.embItems,
  embeddingFramesPerItem: runs.embItems ? runs.embFrames / runs.embItems : 0,
  embeddingGflops: runs.embFlops / 1e9,
  embeddingGflopsPerSecond: runs.embFlops / 1e9 / runs.embedding,
  segmentationGflopsPerSecond: (segWindows * segmentationFlops()) / 1e9 / runs.segmentation,
  turns: result.turns.length,
  speakers,
  batchSize,
  probeCalls: probe.embCalls,
  decodeSeconds,
  loadSeconds,
});
