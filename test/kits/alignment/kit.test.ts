/**
 * The alignment project kit through the conformance runner (as `pnpm conformance` runs it): every
 * wav2vec2 architecture variant, built from config.json + safetensors, matches transformers.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKit } from '../../../packages/cli/src/conformance/kit.js';
import { runKit } from '../../../packages/cli/src/conformance/runner.js';
import { REPO_ROOT } from '../../helpers/kit.js';

const KIT = path.join(REPO_ROOT, 'test/kits/alignment');

describe('alignment project kit', () => {
  it('covers each architecture variant and passes every case', async () => {
    const kit = readKit(KIT);
    const variants = new Set(kit.cases.map((c) => c.model));
    expect([...variants].sort()).toEqual([
      'shared_wav2vec2_mini',
      'w2v-group-post',
      'w2v-group-stable-fp16',
      'w2v-layer-post-legacy-wn',
      'w2v-layer-stable',
    ]);
    const summary = await runKit(KIT);
    const failed = summary.outcomes.filter((o) => o.status !== 'pass').map((o) => `${o.id}: ${o.detail.join('; ')}`);
    expect(failed).toEqual([]);
    expect(summary.passed).toBe(kit.cases.length);
    for (const o of summary.outcomes) expect(o.worst).toBeLessThan(1e-3);
  });
});
