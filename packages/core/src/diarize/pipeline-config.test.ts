import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { modelSubfolder, parsePipelineConfig } from './pipeline-config.js';

const COMMUNITY = readFileSync(path.join(REPO_ROOT, 'test/kits/diarization/models/community-mini/config.yaml'), 'utf8');
const V31 = `version: 3.1.0
pipeline:
  name: pyannote.audio.pipelines.SpeakerDiarization
  params:
    clustering: AgglomerativeClustering
    embedding: pyannote/wespeaker-voxceleb-resnet34-LM
    embedding_batch_size: 32
    embedding_exclude_overlap: true
    segmentation: pyannote/segmentation-3.0
    segmentation_batch_size: 32
params:
  clustering:
    method: centroid
    min_cluster_size: 12
    threshold: 0.7045654963945799
  segmentation:
    min_duration_off: 0.0
`;

const parse = (text: string) => parsePipelineConfig(text, 'x/config.yaml');

describe('pipeline config.yaml (data only)', () => {
  it("reads community-1's and 3.1's configs", () => {
    expect(parse(COMMUNITY)).toMatchObject({
      clustering: 'VBxClustering',
      segmentation: '$model/segmentation',
      embedding: '$model/embedding',
      plda: '$model/plda',
      embeddingExcludeOverlap: true,
      threshold: 0.6,
      Fa: 0.07,
      Fb: 0.8,
      minDurationOff: 0,
    });
    expect(parse(V31)).toMatchObject({
      clustering: 'AgglomerativeClustering',
      segmentation: 'pyannote/segmentation-3.0',
      threshold: 0.7045654963945799,
      minClusterSize: 12,
    });
    expect(modelSubfolder('$model/plda')).toBe('plda');
    expect(modelSubfolder('pyannote/segmentation-3.0')).toBeUndefined();
  });

  // Each hostile file is refused with one line naming the file and the cause.
  const hostile: [string, string, RegExp][] = [
    [
      'preprocessors naming a callable (the public os.system proof of concept)',
      `${COMMUNITY}preprocessors:\n  audio:\n    name: os.system\n    params:\n      command: touch /tmp/pwned\n`,
      /unknown key "preprocessors"/,
    ],
    [
      'a python object tag',
      COMMUNITY.replace('threshold: 0.6', 'threshold: !!python/object/apply:os.system ["id"]'),
      /YAML tag .*python\/object\/apply:os\.system is not accepted/,
    ],
    ['a custom tag', COMMUNITY.replace('Fa: 0.07', 'Fa: !eval 0.07'), /YAML tag !eval is not accepted/],
    [
      'another pipeline class',
      COMMUNITY.replace('pyannote.audio.pipelines.SpeakerDiarization', 'os.system'),
      /pipeline\.name must be pyannote\.audio\.pipelines\.SpeakerDiarization/,
    ],
    [
      'an unknown clustering class',
      COMMUNITY.replace('clustering: VBxClustering', 'clustering: subprocess.Popen'),
      /clustering "subprocess\.Popen" is not supported/,
    ],
    [
      'an unknown nested key',
      COMMUNITY.replace('    Fb: 0.8', '    Fb: 0.8\n    hook: builtins.exec'),
      /unknown key "params\.clustering\.hook"/,
    ],
    [
      'a mapping where a model path goes',
      COMMUNITY.replace('embedding: $model/embedding', 'embedding:\n      checkpoint: x'),
      /"pipeline\.params\.embedding" must be a string/,
    ],
    [
      'a path escaping the folder',
      COMMUNITY.replace('plda: $model/plda', 'plda: $model/../../etc'),
      /"\$model\/\.\.\/\.\.\/etc" must be \$model\/<subfolder>/,
    ],
    [
      'a revision',
      COMMUNITY.replace('segmentation: $model/segmentation', 'segmentation: $model/segmentation@main'),
      /must be \$model\/<subfolder> or a repo id without revision/,
    ],
    [
      'a string threshold',
      COMMUNITY.replace('threshold: 0.6', 'threshold: "0.6"'),
      /"params\.clustering\.threshold" must be a number/,
    ],
    ['an infinite value', COMMUNITY.replace('Fa: 0.07', 'Fa: .inf'), /"params\.clustering\.Fa" must be finite/],
    ['a missing PLDA', COMMUNITY.replace('    plda: $model/plda\n', ''), /pipeline\.params\.plda is missing/],
    [
      'aliases',
      COMMUNITY.replace('Fa: 0.07', 'Fa: &a 0.07').replace('Fb: 0.8', 'Fb: *a'),
      /YAML aliases are not accepted/,
    ],
    ['duplicate keys', COMMUNITY.replace('Fb: 0.8', 'Fb: 0.8\n    Fb: 9'), /not valid YAML/],
    ['a list at the top', '- a\n- b\n', /the file is not a mapping/],
    ['a zero Fb', COMMUNITY.replace('Fb: 0.8', 'Fb: 0'), /needs Fa and a positive Fb/],
    [
      'a non-zero min_duration_off',
      COMMUNITY.replace('min_duration_off: 0.0', 'min_duration_off: 0.5'),
      /min_duration_off 0\.5 is not supported/,
    ],
  ];
  for (const [name, text, message] of hostile) {
    it(`refuses ${name}`, () => {
      let error: Error | undefined;
      try {
        parse(text);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).toMatch(/^x\/config\.yaml: /);
      expect(error?.message.split('\n')).toHaveLength(1);
    });
  }
});
