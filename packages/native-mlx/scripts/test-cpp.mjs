#!/usr/bin/env node
/**
 * Compiles the plain C++ sources (no MLX) with the test in src/native/test into a small executable
 * and runs it on src/__fixtures__ (and the conformance kit's whisper-mini config when present).
 * Exit code: the test's (0 = all passed); 3 when no C++ compiler is found.
 * Environment: CXX picks the compiler (default g++, then clang++); WHISPERX_KIT_DIR the kit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const native = path.join(packageDir, 'src', 'native');
const compilers = process.env.CXX ? [process.env.CXX] : ['g++', 'clang++'];
const compiler = compilers.find((c) => spawnSync(c, ['--version']).status === 0);
if (!compiler) {
  console.log('test-cpp: no C++ compiler (g++ or clang++) found');
  process.exit(3);
}
const sources = ['json_lite.cpp', 'whisper_config.cpp', 'weight_names.cpp', 'npz_reader.cpp', 'test/test_main.cpp'].map(
  (f) => path.join(native, f),
);
const dir = mkdtempSync(path.join(os.tmpdir(), 'wxts-cpp-'));
const exe = path.join(dir, 'wxts_native_test');
let status = 1;
try {
  const cc = spawnSync(
    compiler,
    ['-std=c++17', '-O0', '-Wall', '-Wextra', '-Werror', '-I', native, ...sources, '-o', exe],
    {
      stdio: 'inherit',
    },
  );
  if (cc.status !== 0) throw new Error(`test-cpp: ${compiler} failed (exit ${cc.status})`);
  const kitDir = process.env.WHISPERX_KIT_DIR
    ? path.resolve(process.env.WHISPERX_KIT_DIR)
    : path.resolve(packageDir, '../../../shared/conformance');
  const kitModel = path.join(kitDir, 'whisper-mini');
  const args = [path.join(packageDir, 'src', '__fixtures__')];
  if (existsSync(path.join(kitModel, 'config.json'))) args.push(kitModel);
  const run = spawnSync(exe, args, { stdio: 'inherit' });
  status = run.status ?? 1;
} catch (error) {
  console.log(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
