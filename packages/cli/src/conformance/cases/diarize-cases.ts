/**
 * Kinds diarize_clustering and diarize_pipeline (test/kits/diarization): pyannote.audio 4's
 * SpeakerDiarization with VBx clustering, from given segmentation + embeddings, or end to end
 * from audio through a pipeline folder's ONNX models.
 */
import {
  loadDiarizationPipeline,
  loadPldaFolder,
  resolveSpeakerBounds,
  speakerCount,
  speakerTurns,
  vbxCluster,
  type ChunkSegmentation,
  type SpeakerTurn,
} from '@whisperx-ts/core';
import type { Checks } from '../checks.js';
import { kitFile, readArray, type AudioRef } from '../kit.js';
import type { CaseHandler } from './types.js';

interface SpeakerOptions {
  numSpeakers?: number;
  minSpeakers?: number;
  maxSpeakers?: number;
}

interface Golden {
  regular: SpeakerTurn[];
  exclusive: SpeakerTurn[];
  labels: string[];
  hard_clusters: number[][];
  ahc_labels?: number[];
}

interface Tolerance {
  abs?: number;
  rel?: number;
  seconds?: number;
  embeddings_abs?: number;
  embeddings_rel?: number;
}

interface ClusteringCase {
  plda: string;
  input: { segmentation: string; embeddings: string; chunk: { start: number; duration: number; step: number } };
  options: SpeakerOptions;
  clustering: { threshold: number; Fa: number; Fb: number };
  expected: {
    file: string;
    centroids: string;
    speakerEmbeddings: string;
    features?: string;
    gamma?: string;
    pi?: string;
  };
  tolerance: Tolerance;
}

interface PipelineCase {
  model: string;
  audio: AudioRef;
  options: SpeakerOptions;
  expected: { file: string; speakerEmbeddings: string };
  tolerance: Tolerance;
}

const bySpan = (a: SpeakerTurn, b: SpeakerTurn) =>
  a.start - b.start || a.end - b.end || (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0);

function compareTurns(
  checks: Checks,
  label: string,
  got: SpeakerTurn[],
  expected: SpeakerTurn[],
  seconds: number,
): void {
  const e = [...expected].sort(bySpan);
  checks.equal(
    `${label} speakers`,
    got.map((t) => t.speaker),
    e.map((t) => t.speaker),
  );
  checks.close(
    `${label} starts`,
    got.map((t) => t.start),
    e.map((t) => t.start),
    { abs: seconds },
  );
  checks.close(
    `${label} ends`,
    got.map((t) => t.end),
    e.map((t) => t.end),
    { abs: seconds },
  );
}

function compareSpeakerEmbeddings(
  checks: Checks,
  got: Record<string, number[]>,
  golden: Golden,
  expected: ArrayLike<number>,
  tol: { abs?: number; rel?: number },
): void {
  checks.equal('speaker embedding labels', Object.keys(got).sort(), [...golden.labels].sort());
  checks.close(
    'speaker embeddings',
    golden.labels.flatMap((l) => got[l] ?? []),
    expected,
    tol,
  );
}

export const diarizeClustering: CaseHandler = async (raw, ctx, checks) => {
  const c = raw as unknown as ClusteringCase;
  const golden = ctx.readJson<Golden>(c.expected.file);
  const segArray = readArray(ctx.kit, c.input.segmentation);
  const [chunks, frames, speakers] = segArray.shape;
  const seg: ChunkSegmentation = {
    data: Uint8Array.from(segArray.data as Int16Array),
    chunks,
    frames,
    speakers,
    chunkStep: c.input.chunk.step,
    chunkDuration: c.input.chunk.duration,
    chunkStartSample: Array.from({ length: chunks }, (_, i) =>
      Math.round((c.input.chunk.start + i * c.input.chunk.step) * 16000),
    ),
    windowSamples: Math.round(c.input.chunk.duration * 16000),
  };
  const embArray = readArray(ctx.kit, c.input.embeddings);
  const embeddings = {
    data: Float64Array.from(embArray.data as Float64Array),
    chunks,
    speakers,
    dim: embArray.shape[2],
  };
  const plda = loadPldaFolder(kitFile(ctx.kit, c.plda));
  const bounds = resolveSpeakerBounds(c.options);
  const result = await vbxCluster(embeddings, seg, plda, bounds, c.clustering);
  const tol = { abs: c.tolerance.abs, rel: c.tolerance.rel };
  checks.equal('hard clusters', Array.from(result.hardClusters), golden.hard_clusters.flat());
  if (golden.ahc_labels) checks.equal('AHC labels', Array.from(result.ahcLabels), golden.ahc_labels);
  if (c.expected.features) {
    // Each PLDA basis vector is defined up to its sign (as LAPACK's): align columns first.
    const expected = readArray(ctx.kit, c.expected.features).data as Float64Array;
    const dim = plda.dimension;
    const got = Float64Array.from(result.features);
    for (let j = 0; j < dim; j++) {
      let dot = 0;
      for (let i = 0; i < got.length / dim; i++) dot += got[i * dim + j] * expected[i * dim + j];
      if (dot < 0) for (let i = 0; i < got.length / dim; i++) got[i * dim + j] = -got[i * dim + j];
    }
    checks.close('PLDA features (column sign aligned)', got, expected, tol);
  }
  if (c.expected.gamma)
    checks.close('VBx responsibilities', result.gamma, readArray(ctx.kit, c.expected.gamma).data as Float64Array, tol);
  if (c.expected.pi) checks.close('VBx priors', result.pi, readArray(ctx.kit, c.expected.pi).data as Float64Array, tol);
  checks.close(
    'centroids',
    result.centroids.flatMap((r) => Array.from(r)),
    readArray(ctx.kit, c.expected.centroids).data as Float64Array,
    tol,
  );
  const out = speakerTurns(seg, result.hardClusters, speakerCount(seg), bounds.max, result.centroids, embeddings.dim);
  const seconds = c.tolerance.seconds ?? 1e-6;
  compareTurns(checks, 'regular', out.turns, golden.regular, seconds);
  compareTurns(checks, 'exclusive', out.exclusiveTurns, golden.exclusive, seconds);
  compareSpeakerEmbeddings(
    checks,
    out.embeddings,
    golden,
    readArray(ctx.kit, c.expected.speakerEmbeddings).data as Float64Array,
    tol,
  );
};

export const diarizePipeline: CaseHandler = async (raw, ctx, checks) => {
  const c = raw as unknown as PipelineCase;
  const golden = ctx.readJson<Golden>(c.expected.file);
  const pipeline = await loadDiarizationPipeline({ modelName: ctx.modelDir(c.model), localFilesOnly: true });
  try {
    const out = await pipeline.diarize(ctx.audio(c.audio), { ...c.options, returnEmbeddings: true });
    const seconds = c.tolerance.seconds ?? 1e-6;
    compareTurns(checks, 'regular', out.turns, golden.regular, seconds);
    compareTurns(checks, 'exclusive', out.exclusiveTurns, golden.exclusive, seconds);
    compareSpeakerEmbeddings(
      checks,
      out.embeddings ?? {},
      golden,
      readArray(ctx.kit, c.expected.speakerEmbeddings).data as Float64Array,
      {
        abs: c.tolerance.embeddings_abs,
        rel: c.tolerance.embeddings_rel,
      },
    );
  } finally {
    await pipeline.release();
  }
};

/** The kinds of this file, for the runner's table. */
export const DIARIZE_HANDLERS: Readonly<Record<string, CaseHandler>> = {
  diarize_clustering: diarizeClustering,
  diarize_pipeline: diarizePipeline,
};
