import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDtype, isAvailable } from './index.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wxts-mlx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('isAvailable', () => {
  it('is false with a one-line reason off macOS and Linux', () => {
    const a = isAvailable({ platform: 'win32', arch: 'x64' });
    expect(a).toEqual({ available: false, reason: 'MLX builds on macOS and Linux only; this is win32-x64' });
  });

  it('on Linux without a built addon, reports the build status reason (no Apple Silicon claim)', () => {
    const dir = path.join(tmp, 'pkg-linux');
    mkdirSync(path.join(dir, 'build'), { recursive: true });
    const a = isAvailable({ platform: 'linux', arch: 'x64', packageDir: dir });
    expect(a.available).toBe(false);
    expect(a.reason).toContain('the addon was never built');
    expect(a.reason).not.toContain('Apple');
  });

  it('defaults to float16 on Apple Silicon and float32 on CPUs', () => {
    expect(defaultDtype('darwin', 'arm64')).toBe('float16');
    expect(defaultDtype('linux', 'x64')).toBe('float32');
    expect(defaultDtype('darwin', 'x64')).toBe('float32');
  });

  it('on darwin-arm64 without a built addon, reports the build status reason', () => {
    const dir = path.join(tmp, 'pkg');
    mkdirSync(path.join(dir, 'build'), { recursive: true });
    expect(isAvailable({ platform: 'darwin', arch: 'arm64', packageDir: dir }).reason).toContain(
      'the addon was never built',
    );
    writeFileSync(
      path.join(dir, 'build', 'status.json'),
      JSON.stringify({ built: false, reason: 'MLX not found (looked in X)' }),
    );
    const a = isAvailable({ platform: 'darwin', arch: 'arm64', packageDir: dir });
    expect(a.available).toBe(false);
    expect(a.reason).toMatch(/whisperx_mlx\.node is missing: MLX not found \(looked in X\)$/);
  });

  it('on darwin-arm64 with a broken addon file, says it failed to load', () => {
    const dir = path.join(tmp, 'broken');
    mkdirSync(path.join(dir, 'build', 'Release'), { recursive: true });
    writeFileSync(path.join(dir, 'build', 'Release', 'whisperx_mlx.node'), 'not a shared library');
    const a = isAvailable({ platform: 'darwin', arch: 'arm64', packageDir: dir });
    expect(a.available).toBe(false);
    expect(a.reason).toContain('failed to load');
    expect(a.reason).not.toContain('\n');
  });
});

describe('scripts/build.mjs without MLX', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [path.join(packageDir, 'scripts', 'build.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, WHISPERX_MLX_REQUIRED: '', WHISPERX_MLX_SKIP: '', ...env },
    });

  it('exits 0 with exactly one line and writes build/status.json', () => {
    const out = path.join(tmp, 'build-here');
    const r = run({ WHISPERX_MLX_BUILD_DIR: out, WHISPERX_MLX_PLATFORM: 'win32-x64' });
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('not built: MLX builds on macOS and Linux, this is win32-x64');
    const status = JSON.parse(readFileSync(path.join(out, 'status.json'), 'utf8')) as {
      built: boolean;
      reason: string;
    };
    expect(status.built).toBe(false);
    expect(r.stdout).toContain(status.reason);
  });

  it('on darwin-arm64 with no MLX anywhere, says where it looked and how to fix it', () => {
    const out = path.join(tmp, 'build-mac');
    const empty = path.join(tmp, 'empty-prefix');
    mkdirSync(empty, { recursive: true });
    const r = run({
      WHISPERX_MLX_BUILD_DIR: out,
      WHISPERX_MLX_PLATFORM: 'darwin-arm64',
      MLX_DIR: empty,
      HOMEBREW_PREFIX: empty,
      PYTHON: path.join(empty, 'no-python'),
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`MLX not found (looked in MLX_DIR (${empty})`);
    expect(lines[0]).toContain(
      'brew install mlx (or pip install mlx) (or MLX_DIR=<its share/cmake/MLX>), then reinstall',
    );
  });

  it('on Linux with no MLX, names the Linux wheel', () => {
    const empty = path.join(tmp, 'empty-linux');
    mkdirSync(empty, { recursive: true });
    const r = run({
      WHISPERX_MLX_BUILD_DIR: path.join(tmp, 'build-linux'),
      WHISPERX_MLX_PLATFORM: 'linux-x64',
      MLX_DIR: empty,
      HOMEBREW_PREFIX: empty,
      PYTHON: path.join(empty, 'no-python'),
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`pip mlx of ${path.join(empty, 'no-python')}`);
    expect(lines[0]).toContain("pip install 'mlx[cpu]==0.32.*' and set PYTHON to that python");
  });

  it('refuses an MLX outside the known-good range with one line, before cmake', () => {
    const fake = path.join(tmp, 'old-mlx');
    mkdirSync(fake, { recursive: true });
    writeFileSync(path.join(fake, 'MLXConfig.cmake'), '# fake\n');
    writeFileSync(path.join(fake, 'MLXConfigVersion.cmake'), 'set(PACKAGE_VERSION "0.25.2")\n');
    const r = run({
      WHISPERX_MLX_BUILD_DIR: path.join(tmp, 'build-old'),
      WHISPERX_MLX_PLATFORM: 'linux-x64',
      MLX_DIR: fake,
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`MLX 0.25.2 at ${fake} is outside the known-good range >= 0.32.0 and < 0.33.0`);
  });

  it('keeps an addon built earlier (and its status) when MLX is not found this time', () => {
    const out = path.join(tmp, 'build-earlier');
    mkdirSync(path.join(out, 'Release'), { recursive: true });
    writeFileSync(path.join(out, 'Release', 'whisperx_mlx.node'), 'built before');
    const r = run({ WHISPERX_MLX_BUILD_DIR: out, WHISPERX_MLX_PLATFORM: 'win32-x64' });
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('not rebuilt:');
    expect(r.stdout).toContain('keeping');
    expect(existsSync(path.join(out, 'status.json'))).toBe(false);
  });

  it('exits 1 when the build is required (CI)', () => {
    const r = run({
      WHISPERX_MLX_BUILD_DIR: path.join(tmp, 'build-ci'),
      WHISPERX_MLX_PLATFORM: 'win32-x64',
      WHISPERX_MLX_REQUIRED: '1',
    });
    expect(r.status).toBe(1);
  });
});
