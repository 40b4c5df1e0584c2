import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The extension's unit tests: `vscode` exists only inside the editor, so it is aliased to a
// mock. The root vitest config runs it as the project "vscode" (or: pnpm --filter whisperx-vscode test).
export default defineConfig({
  resolve: {
    conditions: ['source'],
    alias: { vscode: fileURLToPath(new URL('./test/vscode-mock.ts', import.meta.url)) },
  },
  test: {
    name: 'vscode',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
