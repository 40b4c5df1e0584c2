import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import {
  COMMUNITY_1,
  DEFAULT_EMBEDDING_REPO,
  DEFAULT_SEGMENTATION_REPO,
  resolvePipelineSource,
} from './pipeline-source.js';

const MINI = path.join(REPO_ROOT, 'test/kits/diarization/models/community-mini');

describe('--diarize_model resolution', () => {
  it('defaults to community-1: VBx from its config.yaml, PLDA from the repo, ONNX models from the table', async () => {
    const fetched: string[] = [];
    const source = await resolvePipelineSource(undefined, async (repo) => {
      fetched.push(repo);
      return (await import('node:fs')).readFileSync(path.join(MINI, 'config.yaml'), 'utf8');
    });
    expect(fetched).toEqual([COMMUNITY_1]);
    expect(source.config).toMatchObject({ clustering: 'VBxClustering', threshold: 0.6, Fa: 0.07, Fb: 0.8 });
    expect(source.segmentation).toEqual({ repo: DEFAULT_SEGMENTATION_REPO });
    expect(source.embedding).toEqual({ repo: DEFAULT_EMBEDDING_REPO });
    expect(source.plda).toMatchObject({
      transform: { repo: COMMUNITY_1 },
      transformFile: 'plda/xvec_transform.npz',
      pldaFile: 'plda/plda.npz',
    });
  });

  it('keeps 3.1 selectable (agglomerative clustering, no download of its config)', async () => {
    const source = await resolvePipelineSource('pyannote/speaker-diarization-3.1', async () => {
      throw new Error('not fetched');
    });
    expect(source.config).toMatchObject({ clustering: 'AgglomerativeClustering', minClusterSize: 12 });
    expect(source.plda).toBeUndefined();
  });

  it('reads a local folder in the community-1 layout, ONNX files from its subfolders', async () => {
    const source = await resolvePipelineSource(MINI);
    expect(source.segmentation).toEqual({ local: path.join(MINI, 'segmentation/model.onnx') });
    expect(source.embedding).toEqual({ local: path.join(MINI, 'embedding/wespeaker-embedding.onnx') });
    expect(source.plda?.plda).toEqual({ local: path.join(MINI, 'plda/plda.npz') });
  });

  it('names a missing PLDA file and a hostile config in one line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wx-pipe-'));
    cpSync(MINI, dir, { recursive: true });
    rmSync(path.join(dir, 'plda/plda.npz'));
    await expect(resolvePipelineSource(dir)).rejects.toThrow(
      /config\.yaml: plda\/plda\.npz is missing\. Copy the pipeline's plda folder/,
    );
    writeFileSync(path.join(dir, 'config.yaml'), 'preprocessors:\n  audio: {name: os.system}\n');
    await expect(resolvePipelineSource(dir)).rejects.toThrow(/config\.yaml: unknown key "preprocessors"/);
  });

  it('treats a segmentation model path as the 3.1 pipeline with that model', async () => {
    const file = path.join(MINI, 'segmentation/model.onnx');
    const source = await resolvePipelineSource(file);
    expect(source.config.clustering).toBe('AgglomerativeClustering');
    expect(source.segmentation).toEqual({ local: file });
  });
});
