/**
 * From clustered local activity back to a global speaker timeline, as pyannote 3.1 does:
 * per chunk, each global cluster takes the max activity of its local speakers (`reconstruct`);
 * chunks are summed frame by frame (overlap-add, no averaging); at each frame the `count` most
 * active clusters are switched on (`to_diarization`); each cluster's on-frames become turns
 * between frame middles (`Binarize`, onset = offset = 0.5); clusters are named SPEAKER_00, ...
 * in cluster order.
 */
import { aggregate, SEGMENTATION_FRAMES, type ChunkSegmentation, type FrameGrid } from './segmentation.js';
import type { SpeakerTurn } from './assign-speakers.js';

/** Clustered activity data[(c * frames + f) * clusters + k]; NaN where cluster k is absent from chunk c. */
export function clusterActivity(seg: ChunkSegmentation, hardClusters: Int32Array, numClusters: number): Float64Array {
  const { chunks, frames, speakers } = seg;
  const out = new Float64Array(chunks * frames * numClusters).fill(NaN);
  for (let c = 0; c < chunks; c++) {
    for (let k = 0; k < numClusters; k++) {
      const members: number[] = [];
      for (let s = 0; s < speakers; s++) if (hardClusters[c * speakers + s] === k) members.push(s);
      if (members.length === 0) continue;
      for (let f = 0; f < frames; f++) {
        let m = 0;
        for (const s of members) m = Math.max(m, seg.data[(c * frames + f) * speakers + s]);
        out[(c * frames + f) * numClusters + k] = m;
      }
    }
  }
  return out;
}

/** Clustered activity summed over overlapping chunks per global frame (pyannote aggregate, skip_average). */
export function aggregateActivity(
  activity: Float64Array,
  seg: ChunkSegmentation,
  numClusters: number,
  grid: FrameGrid = SEGMENTATION_FRAMES,
): { data: Float64Array; frames: number } {
  return aggregate(activity, seg.chunks, seg.frames, numClusters, seg.chunkStep, seg.chunkDuration, grid, {
    skipAverage: true,
    missing: 0,
  });
}

/** Binary global activity [frames, speakers]: the count[t] most active clusters at each frame. */
export function discreteDiarization(
  activity: Float64Array,
  seg: ChunkSegmentation,
  numClusters: number,
  count: { data: Uint8Array; frames: number },
  grid: FrameGrid = SEGMENTATION_FRAMES,
): { data: Uint8Array; frames: number; speakers: number } {
  return discreteFromAggregate(aggregateActivity(activity, seg, numClusters, grid), numClusters, count);
}

/** {@link discreteDiarization} from an already aggregated activity. */
export function discreteFromAggregate(
  agg: { data: Float64Array; frames: number },
  numClusters: number,
  count: { data: Uint8Array; frames: number },
): { data: Uint8Array; frames: number; speakers: number } {
  const maxCount = count.data.reduce((m, v) => Math.max(m, v), 0);
  const speakers = Math.max(numClusters, maxCount);
  const frames = Math.min(agg.frames, count.frames);
  const data = new Uint8Array(frames * speakers);
  const order = Array.from({ length: speakers }, (_, k) => k);
  const score = new Float64Array(speakers);
  for (let t = 0; t < frames; t++) {
    const c = count.data[t];
    if (c === 0) continue;
    for (let k = 0; k < speakers; k++) score[k] = k < numClusters ? agg.data[t * numClusters + k] : 0;
    // Stable descending order: ties keep the lower cluster index first.
    for (let k = 0; k < speakers; k++) order[k] = k;
    order.sort((a, b) => score[b] - score[a] || a - b);
    for (let i = 0; i < c; i++) data[t * speakers + order[i]] = 1;
  }
  return { data, frames, speakers };
}

/** Turns of each speaker column between frame middles (pyannote Binarize with onset = offset = 0.5). */
export function binarizeToTurns(
  binary: { data: Uint8Array; frames: number; speakers: number },
  grid: FrameGrid = SEGMENTATION_FRAMES,
): { start: number; end: number; cluster: number }[] {
  const { data, frames, speakers } = binary;
  const middle = (i: number) => i * grid.step + 0.5 * grid.duration;
  const turns: { start: number; end: number; cluster: number }[] = [];
  if (frames === 0) return turns;
  for (let k = 0; k < speakers; k++) {
    let active = data[k] > 0.5;
    let start = middle(0);
    for (let i = 1; i < frames; i++) {
      const y = data[i * speakers + k];
      if (active && y < 0.5) {
        turns.push({ start, end: middle(i), cluster: k });
        start = middle(i);
        active = false;
      } else if (!active && y > 0.5) {
        start = middle(i);
        active = true;
      }
    }
    if (active) turns.push({ start, end: middle(frames - 1), cluster: k });
  }
  return turns;
}

/** Name clusters present in `turns` SPEAKER_00, SPEAKER_01, ... in cluster order; turns sorted by time. */
export function labelTurns(turns: { start: number; end: number; cluster: number }[]): {
  turns: SpeakerTurn[];
  clusterOfLabel: Map<string, number>;
} {
  const present = [...new Set(turns.map((t) => t.cluster))].sort((a, b) => a - b);
  const names = new Map(present.map((k, i) => [k, `SPEAKER_${String(i).padStart(2, '0')}`]));
  const labelled = turns
    .filter((t) => t.end > t.start)
    .map((t) => ({ start: t.start, end: t.end, speaker: names.get(t.cluster)! }))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0));
  return { turns: labelled, clusterOfLabel: new Map(present.map((k) => [names.get(k)!, k])) };
}
