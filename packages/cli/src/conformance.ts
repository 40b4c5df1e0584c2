#!/usr/bin/env node
/**
 * `pnpm conformance [kitDir] [--only PATTERN] [--backend onnx|mlx]`: run a conformance kit (default:
 * ../shared/conformance next to the repository, then every project kit test/kits/&ast;/kit.json; `--backend mlx` runs the cases of the kit's Whisper
 * model on the MLX executor instead, see conformance/mlx-whisper.ts) and exit non-zero on any failure.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatOutcome, runKit } from './conformance/runner.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const args = process.argv.slice(2);
const only = args.indexOf('--only');
const pattern = only >= 0 ? args.splice(only, 2)[1] : undefined;
const backendAt = args.indexOf('--backend');
const backend = backendAt >= 0 ? args.splice(backendAt, 2)[1] : 'onnx';
if (backend !== 'onnx' && backend !== 'mlx') {
  process.stderr.write(`conformance: --backend must be onnx or mlx (got "${backend}")\n`);
  process.exit(2);
}
// No kit argument: the shared kit, then every project kit (test/kits/*/kit.json), one combined summary.
const kitDirs = args[0]
  ? [path.resolve(args[0])]
  : [
      path.resolve(process.env.WHISPERX_KIT_DIR ?? path.join(repoRoot, '../shared/conformance')),
      ...projectKits(path.join(repoRoot, 'test/kits')),
    ];
for (const kitDir of kitDirs) {
  if (!existsSync(path.join(kitDir, 'kit.json'))) {
    process.stderr.write(`conformance: ${kitDir} has no kit.json. Pass the kit folder: pnpm conformance <kitDir>\n`);
    process.exit(2);
  }
}
const total = { passed: 0, failed: 0, skipped: 0 };
for (const kitDir of kitDirs) {
  if (kitDirs.length > 1) process.stdout.write(`# ${path.relative(process.cwd(), kitDir) || kitDir}\n`);
  const summary = await runKit(kitDir, {
    filter: pattern ? (c) => c.id.includes(pattern) || c.kind === pattern : undefined,
    onCase: (o) => process.stdout.write(`${formatOutcome(o)}\n`),
    backend,
  });
  total.passed += summary.passed;
  total.failed += summary.failed;
  total.skipped += summary.skipped;
}
process.stdout.write(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exitCode = total.failed > 0 ? 1 : 0;

function projectKits(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, 'kit.json')))
    .map((d) => path.join(root, d.name))
    .sort();
}
