import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The extension's unit tests: `vscode` exists only inside the editor, so it is aliased to a
// mock. Run: pnpm --filter whisperx-vscode test (the root vitest run excludes this package).
export default defineConfig({
  resolve: {
    conditions: ['source'],
    alias: { vscode: fileURLToPath(new URL('./test/vscode-mock.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
