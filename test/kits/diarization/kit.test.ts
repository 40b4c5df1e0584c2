/**
 * Every case of the diarization kit (pyannote.audio 4 goldens, see README.md here) through the
 * conformance runner's handlers, as `pnpm conformance` runs them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunContext } from '../../../packages/cli/src/conformance/context.js';
import { readKit } from '../../../packages/cli/src/conformance/kit.js';
import { runCase } from '../../../packages/cli/src/conformance/runner.js';
import { REPO_ROOT } from '../../helpers/kit.js';

const kit = readKit(path.join(REPO_ROOT, 'test/kits/diarization'));
const ctx = new RunContext(kit);

describe('diarization kit', () => {
  it('has clustering and pipeline cases', () => {
    expect(kit.cases.filter((c) => c.kind === 'diarize_clustering').length).toBeGreaterThanOrEqual(9);
    expect(kit.cases.filter((c) => c.kind === 'diarize_pipeline').length).toBeGreaterThanOrEqual(3);
  });
  it.each(kit.cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const outcome = await runCase(c, ctx);
    expect(outcome.detail.join('; ')).toBe('');
    expect(outcome.status).toBe('pass');
  });
});
