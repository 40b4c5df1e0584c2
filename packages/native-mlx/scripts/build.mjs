#!/usr/bin/env node
/**
 * Builds build/Release/whisperx_mlx.node with cmake-js where MLX is installed; elsewhere prints one
 * line saying why, writes build/status.json {built:false, reason} and exits 0, so installing the
 * package never fails. Never downloads: cmake-js uses node-api-headers (package.json
 * binary.napi_versions), and MLX must already be on the machine.
 *
 * Platforms: macOS (Apple Silicon: Metal GPU) and Linux (CPU wheel `mlx[cpu]`, or `mlx[cuda13]`).
 * MLX is looked for in: $MLX_DIR (a folder holding MLXConfig.cmake, or a prefix with
 * share/cmake/MLX), the pip `mlx` wheel of $PYTHON (default python3; asked with
 * `python -m mlx --cmake-dir`), Homebrew ($HOMEBREW_PREFIX, /opt/homebrew, /usr/local).
 * Known-good MLX: KNOWN_GOOD below (built and run against it); another version stops with one
 * line unless WHISPERX_MLX_ANY_VERSION=1.
 *
 * Environment: WHISPERX_MLX_SKIP=1 skips; WHISPERX_MLX_REQUIRED=1 (CI) exits 1 when the addon could
 * not be built; WHISPERX_MLX_BUILD_DIR overrides the output folder (default <package>/build);
 * WHISPERX_MLX_PLATFORM overrides "<platform>-<arch>" (tests of the darwin path elsewhere).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.resolve(process.env.WHISPERX_MLX_BUILD_DIR || path.join(packageDir, 'build'));
const required = process.env.WHISPERX_MLX_REQUIRED === '1';
/** MLX versions the C++ is known to build and pass the conformance kit against: [min, below]. */
const KNOWN_GOOD = ['0.32.0', '0.33.0'];
const KNOWN_GOOD_TEXT = `>= ${KNOWN_GOOD[0]} and < ${KNOWN_GOOD[1]}`;

/** Write build/status.json atomically. */
function writeStatus(status) {
  mkdirSync(buildDir, { recursive: true });
  const file = path.join(buildDir, 'status.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * Print the one line, record why, and leave (0, or 1 when the build is required). An addon built
 * earlier (say with PYTHON set, then `pnpm build` without it) is kept, and so is its status.
 */
function notBuilt(reason) {
  const earlier = path.join(buildDir, 'Release', 'whisperx_mlx.node');
  if (existsSync(earlier)) {
    console.log(`@whisperx-ts/native-mlx: not rebuilt: ${reason}; keeping ${earlier} from an earlier build`);
    process.exit(required ? 1 : 0);
  }
  writeStatus({ built: false, reason });
  console.log(`@whisperx-ts/native-mlx: not built: ${reason}`);
  process.exit(required ? 1 : 0);
}

/** A folder holding MLXConfig.cmake for a candidate (prefix or config folder), else undefined. */
function configDir(candidate) {
  if (!candidate) return undefined;
  for (const dir of [
    candidate,
    path.join(candidate, 'share', 'cmake', 'MLX'),
    path.join(candidate, 'lib', 'cmake', 'MLX'),
  ]) {
    if (existsSync(path.join(dir, 'MLXConfig.cmake'))) return dir;
  }
  return undefined;
}

/** The pip wheel's folder, asked of $PYTHON (default python3) with `-m mlx --cmake-dir`. */
function pipMlxDir() {
  const python = process.env.PYTHON || 'python3';
  const r = spawnSync(python, ['-m', 'mlx', '--cmake-dir'], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0 || !r.stdout) return undefined;
  return r.stdout.trim() || undefined;
}

/** [label, config folder] of the first MLX found, else undefined; `looked` collects where. */
function findMlx(looked) {
  const candidates = [
    ['MLX_DIR', process.env.MLX_DIR],
    [`pip mlx of ${process.env.PYTHON || 'python3'}`, () => pipMlxDir()],
    ['Homebrew', process.env.HOMEBREW_PREFIX],
    ['Homebrew', '/opt/homebrew'],
    ['Homebrew', '/usr/local'],
  ];
  for (const [label, value] of candidates) {
    const dir = typeof value === 'function' ? value() : value;
    if (typeof value === 'function' && !dir) looked.push(`${label} (no mlx module)`);
    if (!dir) continue;
    looked.push(`${label} (${dir})`);
    const found = configDir(dir);
    if (found) return [label, found];
  }
  return undefined;
}

/** -1, 0 or 1 comparing dotted versions numerically. */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** PACKAGE_VERSION from MLXConfigVersion.cmake, if readable. */
function mlxVersion(dir) {
  try {
    const text = readFileSync(path.join(dir, 'MLXConfigVersion.cmake'), 'utf8');
    return /set\(PACKAGE_VERSION "([^"]+)"\)/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

if (process.env.WHISPERX_MLX_SKIP === '1') notBuilt('WHISPERX_MLX_SKIP=1 is set');

const target = process.env.WHISPERX_MLX_PLATFORM || `${process.platform}-${process.arch}`;
if (!target.startsWith('darwin-') && !target.startsWith('linux-')) {
  notBuilt(`MLX builds on macOS and Linux, this is ${target}; whisperx-ts uses its ONNX backend here`);
}
const installHint =
  target === 'darwin-arm64'
    ? 'brew install mlx (or pip install mlx)'
    : "pip install 'mlx[cpu]==0.32.*' and set PYTHON to that python";

const looked = [];
const mlx = findMlx(looked);
if (!mlx) {
  notBuilt(
    `MLX not found (looked in ${looked.join(', ') || 'MLX_DIR, pip mlx, Homebrew'}); ${installHint} (or MLX_DIR=<its share/cmake/MLX>), then reinstall`,
  );
}
const [label, mlxDir] = mlx;

const require = createRequire(import.meta.url);
let cmakeJs;
let addonApiDir;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  addonApiDir = require('node-addon-api').include_dir.replace(/^"|"$/g, '');
} catch (error) {
  notBuilt(
    `cmake-js or node-addon-api is missing (${error.message.split('\n')[0]}); reinstall @whisperx-ts/native-mlx`,
  );
}
const cmakeCheck = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
if (cmakeCheck.status !== 0) {
  notBuilt(`cmake is not installed; ${target.startsWith('darwin') ? 'brew' : 'apt-get'} install cmake, then reinstall`);
}

const args = [
  cmakeJs,
  'compile',
  '--directory',
  packageDir,
  '--out',
  buildDir,
  '--config',
  'Release',
  `--CDMLX_DIR=${mlxDir}`,
  `--CDWXTS_MLX_MIN_VERSION=${process.env.WHISPERX_MLX_ANY_VERSION === '1' ? '0.29.0' : KNOWN_GOOD[0]}`,
  `--CDNODE_ADDON_API_DIR=${path.resolve(packageDir, addonApiDir)}`,
];
const version = mlxVersion(mlxDir) ?? 'unknown version';
const knownGood =
  version !== 'unknown version' &&
  compareVersions(version, KNOWN_GOOD[0]) >= 0 &&
  compareVersions(version, KNOWN_GOOD[1]) < 0;
if (!knownGood && process.env.WHISPERX_MLX_ANY_VERSION !== '1') {
  notBuilt(
    `MLX ${version} at ${mlxDir} is outside the known-good range ${KNOWN_GOOD_TEXT}; pip install 'mlx==0.32.*' (or set WHISPERX_MLX_ANY_VERSION=1 to try it anyway)`,
  );
}
console.log(`@whisperx-ts/native-mlx: building against MLX ${version} (${label}: ${mlxDir})`);
const result = spawnSync(process.execPath, args, { cwd: packageDir, stdio: 'inherit' });
if (result.status !== 0) {
  notBuilt(
    `cmake-js failed (exit ${result.status ?? result.signal}) against MLX ${version} at ${mlxDir}; see the log above`,
  );
}
writeStatus({ built: true, mlxDir, mlxVersion: version, addon: path.join(buildDir, 'Release', 'whisperx_mlx.node') });
console.log(`@whisperx-ts/native-mlx: built ${path.join(buildDir, 'Release', 'whisperx_mlx.node')}`);
