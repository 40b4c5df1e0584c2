import { defineConfig } from 'vitest/config';

// One vitest run covers every package's tests (x.test.ts beside x.ts) and the cross-package
// tests in test/. The "source" condition resolves @whisperx-ts/* to their TypeScript sources,
// so tests need no build, except the CLI end-to-end tests, which run the built binary.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'packages/raycast/**', 'packages/vscode/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
