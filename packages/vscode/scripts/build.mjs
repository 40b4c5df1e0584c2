// Builds the extension into dist/:
//   dist/extension.cjs           the extension (CommonJS, `vscode` external)
//   dist/cli/whisperx-cli.mjs    the whisperx CLI + core, bundled from their TypeScript sources
//   dist/node_modules/onnxruntime-{node,common}   onnxruntime (native: not bundled), only the
//                                binaries of the target platform (WHISPERX_VSCODE_TARGET, default this machine's)
//   assets/silero/*.onnx         core's Silero VAD: core finds it at new URL('../../assets/silero/..')
//                                relative to its module, i.e. <extension>/assets from dist/cli/.
// Usage: node scripts/build.mjs [--target linux-x64|darwin-arm64|win32-x64|...]
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..');
const coreDir = path.resolve(pkgDir, '../core');
const cliDir = path.resolve(pkgDir, '../cli');
const dist = path.join(pkgDir, 'dist');

const argTarget = process.argv.indexOf('--target');
const target =
  (argTarget > 0 ? process.argv[argTarget + 1] : process.env.WHISPERX_VSCODE_TARGET) ??
  `${process.platform}-${process.arch}`;
const [platform, arch] = target.split('-');
if (!platform || !arch) throw new Error(`--target ${target}: expected <platform>-<arch>, such as linux-x64.`);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
};

await build({
  ...common,
  entryPoints: [path.join(pkgDir, 'src/extension.ts')],
  outfile: path.join(dist, 'extension.cjs'),
  format: 'cjs',
  external: ['vscode'],
});

// The CLI, and beside it core's Silero VAD worker (core starts it from new URL('./silero-worker.js')).
for (const [entry, out] of [
  [path.join(cliDir, 'src/bin.ts'), 'cli/whisperx-cli.mjs'],
  [path.join(coreDir, 'src/vad/silero-worker.ts'), 'cli/silero-worker.js'],
]) {
  await build({
    ...common,
    entryPoints: [entry],
    outfile: path.join(dist, out),
    format: 'esm',
    conditions: ['source'],
    mainFields: ['module', 'main'],
    // Native code stays outside the bundle; the MLX binding is optional and absent here.
    // audio-decode names two codecs (ape, eac3) it does not depend on: left unresolved, they
    // fail only for those formats (ffmpeg, used first when installed, decodes them).
    external: ['onnxruntime-node', '@whisperx-ts/native-mlx', '@audio/decode-ape', '@audio/decode-eac3'],
    // CommonJS dependencies inside an ES module bundle need a real `require`.
    banner: {
      js: "import { createRequire as __whisperxCreateRequire } from 'node:module'; const require = __whisperxCreateRequire(import.meta.url);",
    },
  });
}

// onnxruntime-node and its one runtime dependency, with only the target's binaries.
/** Folder of package `name` as resolved from `fromDir` (walks up from its main file). */
function packageRoot(fromDir, name) {
  let dir = path.dirname(createRequire(path.join(fromDir, 'package.json')).resolve(name));
  while (
    !existsSync(path.join(dir, 'package.json')) ||
    JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name
  ) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name} from ${fromDir}`);
    dir = up;
  }
  return dir;
}
const ortNode = packageRoot(coreDir, 'onnxruntime-node');
const ortCommon = packageRoot(ortNode, 'onnxruntime-common');
const modules = path.join(dist, 'node_modules');
const copyPkg = (from, name, parts) => {
  for (const part of parts) {
    const src = path.join(from, part);
    if (existsSync(src)) cpSync(src, path.join(modules, name, part), { recursive: true, dereference: true });
  }
};
copyPkg(ortCommon, 'onnxruntime-common', ['package.json', 'dist', 'LICENSE', 'README.md']);
copyPkg(ortNode, 'onnxruntime-node', ['package.json', 'dist', 'LICENSE', 'README.md']);
const napi = readFileSync(path.join(ortNode, 'package.json'), 'utf8').match(/napi-v\d+/)?.[0] ?? 'napi-v6';
const binSrc = path.join(ortNode, 'bin', napi, platform, arch);
if (!existsSync(binSrc)) throw new Error(`onnxruntime-node has no binaries for ${target} (looked in ${binSrc}).`);
cpSync(binSrc, path.join(modules, 'onnxruntime-node/bin', napi, platform, arch), {
  recursive: true,
  dereference: true,
});

// Silero VAD, where core's bundled code looks for it.
cpSync(path.join(coreDir, 'assets/silero'), path.join(pkgDir, 'assets/silero'), { recursive: true });

const size = (p) => (statSync(p).isDirectory() ? 0 : statSync(p).size);
console.log(
  `built dist/ for ${target}: extension.cjs ${(size(path.join(dist, 'extension.cjs')) / 1024).toFixed(0)} KiB, ` +
    `cli/whisperx-cli.mjs ${(size(path.join(dist, 'cli/whisperx-cli.mjs')) / 1024).toFixed(0)} KiB`,
);
