/**
 * Benchmark of the post-model diarization stages for one hour of audio: clustering of the
 * (chunk, local speaker) embeddings (pyannote 3.1 AgglomerativeClustering + centroid
 * assignment) and word speaker assignment, on synthetic data with realistic counts: 3600 chunks
 * (1 s step) x 3 local speakers, `--active` of them active (default 0.5 -> ~5400 embeddings of
 * dimension 256 from 5 speakers), ~2000 turns and ~10k words. Single-threaded.
 *
 *   node --import tsx packages/core/scripts/diarize/bench-cluster.ts [--chunks 3600] [--active 0.5] [--dim 256]
 */
import { assignWordSpeakers, type SpeakerTurn } from '../../src/diarize/assign-speakers.js';
import { clusterChunkEmbeddings } from '../../src/diarize/clustering.js';
import type { TranscriptSegment } from '../../src/transcript.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const chunks = arg('chunks', 3600);
const activeRatio = arg('active', 0.5);
const dim = arg('dim', 256);
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

let t0 = performance.now();
const { hardClusters, centroids } = clusterChunkEmbeddings({ data, chunks, speakers, dim }, active, {});
const clusterMs = performance.now() - t0;

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
t0 = performance.now();
assignWordSpeakers(turns, { language: 'en', segments }, { fillNearest: true });
const assignMs = performance.now() - t0;
const words = segments.reduce((n, s) => n + (s.words?.length ?? 0), 0);

console.log(
  JSON.stringify({
    chunks,
    embeddings: numEmbeddings,
    dim,
    clusters: centroids.length,
    labelled: hardClusters.filter((k) => k >= 0).length,
    clusterMs: Math.round(clusterMs),
    turns: turns.length,
    words,
    assignMs: Math.round(assignMs),
    totalMs: Math.round(clusterMs + assignMs),
  }),
);
