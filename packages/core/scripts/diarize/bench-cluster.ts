/**
 * Benchmark of the post-model diarization stages for one hour of audio: clustering of the
 * (chunk, local speaker) embeddings (pyannote 3.1 AgglomerativeClustering + centroid
 * assignment) and word speaker assignment, on synthetic data with realistic counts: 3600 chunks
 * (1 s step) x 3 local speakers, `--active` of them active (default 0.5 -> ~5400 embeddings of
 * dimension 256 from 5 speakers), ~1800 turns and 10k words. Single-threaded JS; the Gram kernel
 * runs onnxruntime with `--threads` intra-op threads (default 1).
 *
 * Prints one JSON line: the steps measured on their own (distances with the chosen kernel,
 * centroid linkage), then the whole clustering (clusterChunkEmbeddings) and word assignment;
 * `*Ms` = wall clock, `*CpuMs` = process CPU time (meaningful when the machine is shared), each
 * the best of `--reps` runs.
 *
 *   cd packages/core && node --import tsx scripts/diarize/bench-cluster.ts \
 *     [--chunks 3600] [--active 0.5] [--dim 256] [--kernel gram|exact] [--threads 1] [--reps 3]
 */
import { assignWordSpeakers, type SpeakerTurn } from '../../src/diarize/assign-speakers.js';
import { clusterChunkEmbeddings } from '../../src/diarize/clustering.js';
import { pdistEuclidean, squareDistancesGram, squareFromCondensed } from '../../src/diarize/distances.js';
import { linkageFromSquare } from '../../src/diarize/linkage.js';
import type { TranscriptSegment } from '../../src/transcript.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const chunks = Number(arg('chunks', '3600'));
const activeRatio = Number(arg('active', '0.5'));
const dim = Number(arg('dim', '256'));
const kernel = arg('kernel', 'gram') === 'exact' ? 'exact' : 'gram';
const threads = Number(arg('threads', '1'));
const reps = Math.max(1, Number(arg('reps', '3')));
const speakers = 3;
const trueSpeakers = 5;

let seed = 42;
const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const centers = Array.from({ length: trueSpeakers }, () => Float64Array.from({ length: dim }, gauss));

const data = new Float64Array(chunks * speakers * dim).fill(NaN);
const active = new Uint8Array(chunks * speakers);
for (let i = 0; i < chunks * speakers; i++) {
  if (rand() >= activeRatio) continue;
  active[i] = 1;
  const c = centers[Math.floor(rand() * trueSpeakers)];
  for (let d = 0; d < dim; d++) data[i * dim + d] = c[d] + 0.6 * gauss();
}
const numEmbeddings = active.reduce((s, a) => s + a, 0);

/** Best of `reps` runs (wall and CPU minimised separately: the machine may be shared). */
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

// Steps on their own: unit rows of the active embeddings, distances, linkage.
const unit = new Float64Array(numEmbeddings * dim);
for (let i = 0, r = 0; i < chunks * speakers; i++) {
  if (!active[i]) continue;
  let s = 0;
  for (let d = 0; d < dim; d++) s += data[i * dim + d] ** 2;
  for (let d = 0; d < dim; d++) unit[r * dim + d] = data[i * dim + d] / Math.sqrt(s);
  r++;
}
const x = { data: unit, rows: numEmbeddings, cols: dim };
const distances = await timed(() =>
  kernel === 'gram' ? squareDistancesGram(x, { threads }) : squareFromCondensed(pdistEuclidean(x), numEmbeddings),
);
// linkageFromSquare overwrites its matrix: each run gets a fresh copy (the copy is not timed).
const copies = Array.from({ length: reps }, () => distances.value.slice());
const linkageStep = await timed(() => linkageFromSquare(copies.pop()!, numEmbeddings, 'centroid'));
copies.length = 0;

const clustering = await timed(() =>
  clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, {}, { distanceKernel: kernel, threads }),
);
const { hardClusters, centroids } = clustering.value;

const duration = chunks;
const turns: SpeakerTurn[] = [];
for (let t = 0; t < duration;) {
  const len = 0.5 + rand() * 3;
  turns.push({ start: t, end: Math.min(duration, t + len), speaker: `SPEAKER_0${Math.floor(rand() * trueSpeakers)}` });
  t += len * (0.8 + rand() * 0.4);
}
const segments: TranscriptSegment[] = [];
for (let s = 0; s < duration / 3.6; s++) {
  const start = s * 3.6;
  const words = Array.from({ length: 10 }, (_, w) => ({
    word: 'w',
    start: start + w * 0.35,
    end: start + w * 0.35 + 0.3,
  }));
  segments.push({ start, end: start + 3.5, text: ' w', words });
}
const assign = await timed(() => assignWordSpeakers(turns, { language: 'en', segments }, { fillNearest: true }));
const words = segments.reduce((n, s) => n + (s.words?.length ?? 0), 0);

console.log(
  JSON.stringify({
    chunks,
    embeddings: numEmbeddings,
    dim,
    kernel,
    distancesMs: distances.ms,
    distancesCpuMs: distances.cpuMs,
    linkageMs: linkageStep.ms,
    linkageCpuMs: linkageStep.cpuMs,
    clusters: centroids.length,
    labelled: hardClusters.filter((k) => k >= 0).length,
    clusterMs: clustering.ms,
    clusterCpuMs: clustering.cpuMs,
    turns: turns.length,
    words,
    assignMs: assign.ms,
    totalMs: clustering.ms + assign.ms,
    totalCpuMs: clustering.cpuMs + assign.cpuMs,
  }),
);
