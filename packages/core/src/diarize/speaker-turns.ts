/**
 * From hard clusters to pyannote.audio 4's three outputs: the regular diarization (at each frame
 * the `count` most active clusters, count capped at max speakers), the exclusive one (count capped
 * at 1: one speaker at a time, what downstream transcription wants) and one embedding per speaker
 * (cluster centroids in label order, zero rows for labels without a centroid). Labels are
 * SPEAKER_00, SPEAKER_01, ... in cluster order of the regular diarization; the exclusive one uses
 * the same names.
 */
import type { SpeakerTurn } from './assign-speakers.js';
import {
  aggregateActivity,
  binarizeToTurns,
  clusterActivity,
  discreteFromAggregate,
  labelTurns,
} from './reconstruct.js';
import type { ChunkSegmentation } from './segmentation.js';

export interface SpeakerTurnsResult {
  turns: SpeakerTurn[];
  exclusiveTurns: SpeakerTurn[];
  /** Speaker label -> embedding. */
  embeddings: Record<string, number[]>;
  /** Labels in order (pyannote `labels()`). */
  labels: string[];
}

/**
 * `hardClusters` (chunk-major, -2 = none) is modified: local speakers without any activity in a
 * chunk are set to -2, as pyannote does before reconstruction.
 */
export function speakerTurns(
  seg: ChunkSegmentation,
  hardClusters: Int32Array,
  count: { data: Uint8Array; frames: number },
  maxSpeakers: number,
  centroids: Float64Array[],
  dim: number,
): SpeakerTurnsResult {
  for (let c = 0; c < seg.chunks; c++) {
    for (let s = 0; s < seg.speakers; s++) {
      let on = 0;
      for (let f = 0; f < seg.frames && on === 0; f++) on += seg.data[(c * seg.frames + f) * seg.speakers + s];
      if (on === 0) hardClusters[c * seg.speakers + s] = -2;
    }
  }
  let numClusters = 0;
  for (const k of hardClusters) numClusters = Math.max(numClusters, k + 1);
  const capped = { data: count.data.map((v) => Math.min(v, maxSpeakers)), frames: count.frames };
  const activity = clusterActivity(seg, hardClusters, numClusters);
  const agg = aggregateActivity(activity, seg, numClusters);
  const regular = labelTurns(binarizeToTurns(discreteFromAggregate(agg, numClusters, capped)));
  const exclusiveCount = { data: capped.data.map((v) => Math.min(v, 1)), frames: capped.frames };
  const labelOf = new Map([...regular.clusterOfLabel].map(([label, k]) => [k, label]));
  const exclusiveTurns = binarizeToTurns(discreteFromAggregate(agg, numClusters, exclusiveCount))
    .filter((t) => t.end > t.start)
    .map((t) => ({ start: t.start, end: t.end, speaker: labelOf.get(t.cluster) ?? String(t.cluster) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0));
  const embeddings: Record<string, number[]> = {};
  for (const [label, k] of regular.clusterOfLabel) {
    embeddings[label] = k < centroids.length ? Array.from(centroids[k]) : new Array<number>(dim).fill(0);
  }
  return { turns: regular.turns, exclusiveTurns, embeddings, labels: [...regular.clusterOfLabel.keys()] };
}
