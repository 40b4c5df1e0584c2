/**
 * Benchmark of the post-model stages of community-1 for one hour of audio: VBx clustering
 * (training filter, AHC start, PLDA transform, VB iterations, constrained assignment),
 * reconstruction into regular + exclusive turns, and word speaker assignment; synthetic data
 * with realistic counts: 3600 chunks (1 s step) x 3 local speakers x 589 frames, `--active` of
 * them talking (alone for most of their frames), 5 voices, 256-d embeddings, the diarization
 * kit's random PLDA (128-d), 10k words. Prints one JSON line (best of `--reps`; `*CpuMs` =
 * process CPU time, meaningful when the machine is shared).
 *
 *   cd packages/core && node --import tsx scripts/diarize/bench-vbx.ts [--chunks 3600] [--active 0.5] [--reps 3]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignWordSpeakers } from '../../src/diarize/assign-speakers.js';
import { resolveSpeakerBounds } from '../../src/diarize/clustering.js';
import { loadPldaFolder } from '../../src/diarize/plda.js';
import { speakerCount, type ChunkSegmentation } from '../../src/diarize/segmentation.js';
import { speakerTurns } from '../../src/diarize/speaker-turns.js';
import { vbxCluster } from '../../src/diarize/vbx-clustering.js';
import type { TranscriptSegment } from '../../src/transcript.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const chunks = Number(arg('chunks', '3600'));
const activeRatio = Number(arg('active', '0.5'));
const reps = Math.max(1, Number(arg('reps', '3')));
const dim = 256;
const frames = 589;
const voices = 5;
const noise = Number(arg('noise', '0.3'));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const plda = loadPldaFolder(path.join(root, 'test/kits/diarization/models/community-mini/plda'));

let seed = 42;
const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const centres = Array.from({ length: voices }, () => Float64Array.from({ length: dim }, gauss));
const seg: ChunkSegmentation = {
  data: new Uint8Array(chunks * frames * 3),
  chunks,
  frames,
  speakers: 3,
  chunkStep: 1,
  chunkDuration: 10,
  chunkStartSample: [],
  windowSamples: 160000,
};
const emb = new Float64Array(chunks * 3 * dim).fill(NaN);
for (let c = 0; c < chunks; c++) {
  for (let s = 0; s < 3; s++) {
    if (rand() >= activeRatio) continue;
    // speaker s talks in its third of the chunk (alone), plus a short overlap with the next third
    for (let f = Math.floor((s * frames) / 3); f < Math.min(frames, Math.floor(((s + 1) * frames) / 3) + 20); f++)
      seg.data[(c * frames + f) * 3 + s] = 1;
    const v = centres[(s + Math.floor(c / 30)) % voices];
    for (let d = 0; d < dim; d++) emb[(c * 3 + s) * dim + d] = v[d] + noise * gauss();
  }
}
const words = 10000;
const segments: TranscriptSegment[] = Array.from({ length: words / 10 }, (_, i) => ({
  start: i * 3.6,
  end: i * 3.6 + 3.4,
  text: '',
  words: Array.from({ length: 10 }, (_, w) => ({
    word: 'w',
    start: i * 3.6 + w * 0.34,
    end: i * 3.6 + w * 0.34 + 0.3,
  })),
}));

async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  let best = { value: undefined as T, ms: Infinity, cpuMs: Infinity };
  for (let r = 0; r < reps; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const value = await f();
    const cpu = process.cpuUsage(cpu0);
    best = {
      value,
      ms: Math.min(best.ms, Math.round(performance.now() - t0)),
      cpuMs: Math.min(best.cpuMs, Math.round((cpu.user + cpu.system) / 1000)),
    };
  }
  return best;
}

const bounds = resolveSpeakerBounds({});
const embeddings = { data: emb, chunks, speakers: 3, dim };
const clustering = await timed(() => vbxCluster(embeddings, seg, plda, bounds));
const turns = await timed(() =>
  speakerTurns(
    seg,
    Int32Array.from(clustering.value.hardClusters),
    speakerCount(seg),
    bounds.max,
    clustering.value.centroids,
    dim,
  ),
);
const assignment = await timed(() =>
  assignWordSpeakers(turns.value.turns, { segments: structuredClone(segments), language: 'en' }),
);
const total = clustering.ms + turns.ms + assignment.ms;
console.log(
  JSON.stringify({
    chunks,
    training: clustering.value.trainIndex.length,
    ahcClusters: new Set(clustering.value.ahcLabels).size,
    speakers: clustering.value.centroids.length,
    turns: turns.value.turns.length,
    exclusiveTurns: turns.value.exclusiveTurns.length,
    clusteringMs: clustering.ms,
    clusteringCpuMs: clustering.cpuMs,
    turnsMs: turns.ms,
    assignMs: assignment.ms,
    totalMs: total,
    totalCpuMs: clustering.cpuMs + turns.cpuMs + assignment.cpuMs,
  }),
);
