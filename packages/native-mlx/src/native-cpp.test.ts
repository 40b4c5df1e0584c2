import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hasGxx = spawnSync('g++', ['--version']).status === 0;

describe('plain C++ (config, names, npz) compiled with g++', () => {
  it.skipIf(!hasGxx)(
    'passes its own test executable',
    () => {
      const r = spawnSync(process.execPath, [path.join(packageDir, 'scripts', 'test-cpp.mjs')], {
        encoding: 'utf8',
        env: { ...process.env, CXX: 'g++' },
      });
      expect(r.stdout + r.stderr).toMatch(/\b(\d+) passed, 0 failed\n$/);
      const passed = Number(/(\d+) passed/.exec(r.stdout)?.[1]);
      expect(passed).toBeGreaterThanOrEqual(40);
      expect(r.status).toBe(0);
    },
    60_000,
  );
});
