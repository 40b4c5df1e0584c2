#!/usr/bin/env node
/**
 * Builds build/Release/whisperx_mlx.node with cmake-js where MLX is installed; elsewhere prints one
 * line saying why, writes build/status.json {built:false, reason} and exits 0, so installing the
 * package never fails. Never downloads: cmake-js uses node-api-headers (package.json
 * binary.napi_versions), and MLX must already be on the machine.
 *
 * MLX is looked for in: $MLX_DIR (a folder holding MLXConfig.cmake, or a prefix with
 * share/cmake/MLX), the pip `mlx` wheel of `python3` (its share/cmake/MLX), Homebrew
 * ($HOMEBREW_PREFIX, /opt/homebrew, /usr/local).
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

/** Write build/status.json atomically. */
function writeStatus(status) {
  mkdirSync(buildDir, { recursive: true });
  const file = path.join(buildDir, 'status.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Print the one line, record why, and leave (0, or 1 when the build is required). */
function notBuilt(reason) {
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

/** The pip wheel's package folder, asked of python3 (argument array, no shell). */
function pipMlxDir() {
  const python = process.env.PYTHON || 'python3';
  const r = spawnSync(python, ['-c', 'import mlx, os; print(os.path.abspath(list(mlx.__path__)[0]))'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status !== 0 || !r.stdout) return undefined;
  return r.stdout.trim() || undefined;
}

/** [label, config folder] of the first MLX found, else undefined; `looked` collects where. */
function findMlx(looked) {
  const candidates = [
    ['MLX_DIR', process.env.MLX_DIR],
    ['pip mlx', () => pipMlxDir()],
    ['Homebrew', process.env.HOMEBREW_PREFIX],
    ['Homebrew', '/opt/homebrew'],
    ['Homebrew', '/usr/local'],
  ];
  for (const [label, value] of candidates) {
    const dir = typeof value === 'function' ? value() : value;
    if (!dir) continue;
    looked.push(`${label} (${dir})`);
    const found = configDir(dir);
    if (found) return [label, found];
  }
  return undefined;
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
if (target !== 'darwin-arm64') {
  notBuilt(`MLX needs Apple Silicon macOS (darwin-arm64), this is ${target}; whisperx-ts uses its ONNX backend here`);
}

const looked = [];
const mlx = findMlx(looked);
if (!mlx) {
  notBuilt(
    `MLX not found (looked in ${looked.join(', ') || 'MLX_DIR, pip mlx, Homebrew'}); brew install mlx (or pip install mlx), then reinstall`,
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
if (cmakeCheck.status !== 0) notBuilt('cmake is not installed; brew install cmake, then reinstall');

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
  `--CDNODE_ADDON_API_DIR=${path.resolve(packageDir, addonApiDir)}`,
];
const version = mlxVersion(mlxDir) ?? 'unknown version';
console.log(`@whisperx-ts/native-mlx: building against MLX ${version} (${label}: ${mlxDir})`);
const result = spawnSync(process.execPath, args, { cwd: packageDir, stdio: 'inherit' });
if (result.status !== 0) {
  notBuilt(
    `cmake-js failed (exit ${result.status ?? result.signal}) against MLX ${version} at ${mlxDir}; see the log above`,
  );
}
writeStatus({ built: true, mlxDir, mlxVersion: version, addon: path.join(buildDir, 'Release', 'whisperx_mlx.node') });
console.log(`@whisperx-ts/native-mlx: built ${path.join(buildDir, 'Release', 'whisperx_mlx.node')}`);
