/**
 * The conformance runner (`pnpm conformance`) over the whole kit: every case passes through the
 * public API, and the runner really fails a case whose golden or tolerance does not hold.
 */
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunContext } from '../../packages/cli/src/conformance/context.js';
import { readKit } from '../../packages/cli/src/conformance/kit.js';
import { runCase, runKit } from '../../packages/cli/src/conformance/runner.js';
import { KIT_DIR } from '../helpers/kit.js';

const kit = readKit(KIT_DIR);
const ctx = new RunContext(kit);
afterAll(() => ctx.dispose());

describe('every kit case passes', () => {
  it.each(kit.cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const outcome = await runCase(c, ctx);
    expect(outcome.detail).toEqual([]);
    expect(outcome.status).toBe('pass');
  });
});

/** A copy of the kit whose kit.json is rewritten by `edit` (data folders are symlinked). */
function editedKit(edit: (cases: Array<Record<string, unknown>>) => Array<Record<string, unknown>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wx-kit-'));
  for (const entry of readdirSync(KIT_DIR))
    if (entry !== 'kit.json') symlinkSync(path.join(KIT_DIR, entry), path.join(dir, entry));
  const json = JSON.parse(readFileSync(path.join(KIT_DIR, 'kit.json'), 'utf8'));
  json.cases = edit(json.cases);
  writeFileSync(path.join(dir, 'kit.json'), JSON.stringify(json));
  return dir;
}

describe('the runner is not vacuous', () => {
  it('fails a case whose tolerance is too tight and another whose golden is wrong, skips unknown kinds', async () => {
    const dir = editedKit((cases) => {
      const mel = { ...cases.find((c) => c.id === 'log_mel/jfk/80')!, id: 'tight', tolerance: { abs: 1e-9 } };
      const vad = cases.find((c) => c.id === 'vad_timestamps/jfk/v5/default')!;
      const wrong = { ...vad, id: 'wrong', expected: { ...(vad.expected as object), unit: 'seconds' } };
      return [mel, wrong, { id: 'future', kind: 'word_timestamps_dtw' }];
    });
    const summary = await runKit(dir);
    expect(summary.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['tight', 'fail'],
      ['wrong', 'fail'],
      ['future', 'skipped'],
    ]);
    expect(summary.outcomes[0].worst).toBeGreaterThan(1e-9);
    expect(summary.failed).toBe(2);
  });
});
