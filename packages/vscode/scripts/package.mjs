// Builds dist/ and packages dist/whisperx-vscode.vsix for one platform (ONNX Runtime is
// native): node scripts/package.mjs [--target linux-x64|linux-arm64|darwin-arm64|win32-x64|win32-arm64]
// (default: this machine's). Prints the .vsix size.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--target');
const target =
  (i > 0 ? process.argv[i + 1] : process.env.WHISPERX_VSCODE_TARGET) ?? `${process.platform}-${process.arch}`;
const out = path.join(pkgDir, 'dist', 'whisperx-vscode.vsix');

const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: pkgDir, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run([path.join(pkgDir, 'scripts/build.mjs'), '--target', target]);
const vsce = path.join(pkgDir, 'node_modules/@vscode/vsce/vsce'); // the devDependency's bin script
run([vsce, 'package', '--no-dependencies', '--target', target, '--out', out]);
console.log(`${path.relative(process.cwd(), out)}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB (${target})`);
