/**
 * A pyannote diarization pipeline's `config.yaml`, read as data only. pyannote itself builds the
 * pipeline by importing whatever the file names (`pipeline.name`, `preprocessors`, ...), so a
 * hostile file can run code there; here only the known keys of pyannote's SpeakerDiarization
 * configs (speaker-diarization-3.1 and -community-1) with plain values are accepted, YAML tags
 * and aliases are refused, and anything else stops with one line naming the key.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, isAlias, isNode, visit } from 'yaml';
import { WhisperxError } from '../errors.js';

export type ClusteringKind = 'VBxClustering' | 'AgglomerativeClustering';

export interface PipelineConfig {
  clustering: ClusteringKind;
  /** Model references as written: `$model/<subfolder>` or a repo id. */
  segmentation: string;
  embedding: string;
  /** `$model/<subfolder>` of the PLDA (VBx only). */
  plda?: string;
  embeddingExcludeOverlap: boolean;
  segmentationBatchSize?: number;
  embeddingBatchSize?: number;
  segmentationStep?: number;
  /** params.clustering (VBx: threshold, Fa, Fb; AHC: threshold, min_cluster_size). */
  threshold: number;
  Fa?: number;
  Fb?: number;
  minClusterSize?: number;
  /** params.segmentation.min_duration_off. */
  minDurationOff: number;
}

const PIPELINE_NAME = 'pyannote.audio.pipelines.SpeakerDiarization';

type Shape = { [key: string]: 'string' | 'number' | 'integer' | 'boolean' | Shape };

const SCHEMA: Shape = {
  version: 'string',
  pipeline: {
    name: 'string',
    params: {
      clustering: 'string',
      segmentation: 'string',
      embedding: 'string',
      plda: 'string',
      embedding_exclude_overlap: 'boolean',
      segmentation_batch_size: 'integer',
      embedding_batch_size: 'integer',
      segmentation_step: 'number',
      der_variant: { collar: 'number', skip_overlap: 'boolean' },
    },
  },
  params: {
    clustering: { threshold: 'number', Fa: 'number', Fb: 'number', method: 'string', min_cluster_size: 'integer' },
    segmentation: { min_duration_off: 'number', threshold: 'number' },
  },
};

function fail(file: string, cause: string): never {
  throw new WhisperxError(
    'model',
    `${file}: ${cause}. Only the plain keys of pyannote's SpeakerDiarization config.yaml are accepted (never callables); use the pipeline's own config.yaml.`,
  );
}

function check(value: unknown, shape: Shape, at: string, file: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(file, `${at || 'the file'} is not a mapping`);
  for (const [key, v] of Object.entries(value)) {
    const path = at ? `${at}.${key}` : key;
    const expected = shape[key];
    if (expected === undefined) fail(file, `unknown key "${path}"`);
    if (typeof expected === 'object') check(v, expected, path, file);
    else if (expected === 'integer' ? !Number.isInteger(v) : typeof v !== expected)
      fail(file, `"${path}" must be a ${expected}`);
    else if (typeof v === 'number' && !Number.isFinite(v)) fail(file, `"${path}" must be finite`);
  }
}

/** Parse config.yaml text (`file` names it in errors). */
export function parsePipelineConfig(text: string, file: string): PipelineConfig {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) fail(file, `not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  visit(doc, (_key, node) => {
    if (isAlias(node)) fail(file, 'YAML aliases are not accepted');
    if (isNode(node) && node.tag) fail(file, `YAML tag ${node.tag} is not accepted`);
  });
  if (doc.warnings.length > 0) fail(file, doc.warnings[0].message.split('\n')[0]);
  const data = doc.toJS() as Record<string, unknown>;
  check(data, SCHEMA, '', file);
  const pipeline = data.pipeline as { name?: string; params?: Record<string, unknown> } | undefined;
  if (pipeline?.name !== PIPELINE_NAME) fail(file, `pipeline.name must be ${PIPELINE_NAME}`);
  const p = pipeline.params ?? {};
  const clustering = p.clustering;
  if (clustering !== 'VBxClustering' && clustering !== 'AgglomerativeClustering') {
    fail(
      file,
      `pipeline.params.clustering "${String(clustering)}" is not supported (VBxClustering or AgglomerativeClustering)`,
    );
  }
  for (const key of ['segmentation', 'embedding'] as const) {
    if (typeof p[key] !== 'string') fail(file, `pipeline.params.${key} is missing`);
  }
  if (clustering === 'VBxClustering' && typeof p.plda !== 'string') fail(file, 'pipeline.params.plda is missing');
  for (const key of ['segmentation', 'embedding', 'plda'] as const) {
    const ref = p[key];
    if (typeof ref === 'string' && (ref.includes('..') || ref.startsWith('/') || ref.includes('@'))) {
      fail(file, `pipeline.params.${key} "${ref}" must be $model/<subfolder> or a repo id without revision`);
    }
  }
  const params = (data.params ?? {}) as {
    clustering?: Record<string, number | string>;
    segmentation?: Record<string, number>;
  };
  const c = params.clustering ?? {};
  if (c.method !== undefined && c.method !== 'centroid')
    fail(file, `params.clustering.method "${c.method}" is not supported (centroid)`);
  if (typeof c.threshold !== 'number') fail(file, 'params.clustering.threshold is missing');
  if (clustering === 'VBxClustering' && (typeof c.Fa !== 'number' || typeof c.Fb !== 'number' || !(Number(c.Fb) > 0))) {
    fail(file, 'params.clustering needs Fa and a positive Fb for VBxClustering');
  }
  const minDurationOff = params.segmentation?.min_duration_off ?? 0;
  if (minDurationOff !== 0)
    fail(file, `params.segmentation.min_duration_off ${minDurationOff} is not supported (0 only)`);
  if (params.segmentation?.threshold !== undefined)
    fail(file, 'params.segmentation.threshold is not supported (powerset segmentation only)');
  return {
    clustering,
    segmentation: p.segmentation as string,
    embedding: p.embedding as string,
    plda: p.plda as string | undefined,
    embeddingExcludeOverlap: (p.embedding_exclude_overlap as boolean | undefined) ?? false,
    segmentationBatchSize: p.segmentation_batch_size as number | undefined,
    embeddingBatchSize: p.embedding_batch_size as number | undefined,
    segmentationStep: p.segmentation_step as number | undefined,
    threshold: c.threshold,
    Fa: c.Fa as number | undefined,
    Fb: c.Fb as number | undefined,
    minClusterSize: c.min_cluster_size as number | undefined,
    minDurationOff,
  };
}

export function readPipelineConfig(file: string): PipelineConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new WhisperxError('model', `${file}: cannot read (${(cause as Error).message}). Check the pipeline folder.`);
  }
  return parsePipelineConfig(text, file);
}

/** The subfolder of a `$model/<subfolder>` reference, or undefined for a repo id. */
export function modelSubfolder(ref: string): string | undefined {
  return ref.startsWith('$model/') ? ref.slice('$model/'.length).replace(/\/+$/, '') : undefined;
}
