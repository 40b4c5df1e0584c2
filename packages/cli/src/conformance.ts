#!/usr/bin/env node
/**
 * `pnpm conformance [kitDir]`: run a conformance kit (default ../shared/conformance next to the
 * repository) and exit non-zero on any failure.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatOutcome, runKit } from './conformance/runner.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const args = process.argv.slice(2);
const only = args.indexOf('--only');
const pattern = only >= 0 ? args.splice(only, 2)[1] : undefined;
const kitDir = path.resolve(args[0] ?? process.env.WHISPERX_KIT_DIR ?? path.join(repoRoot, '../shared/conformance'));
if (!existsSync(path.join(kitDir, 'kit.json'))) {
  process.stderr.write(`conformance: ${kitDir} has no kit.json. Pass the kit folder: pnpm conformance <kitDir>\n`);
  process.exit(2);
}
const summary = await runKit(kitDir, {
  filter: pattern ? (c) => c.id.includes(pattern) || c.kind === pattern : undefined,
  onCase: (o) => process.stdout.write(`${formatOutcome(o)}\n`),
});
process.stdout.write(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
process.exitCode = summary.failed > 0 ? 1 : 0;
