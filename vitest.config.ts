import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One vitest run covers every package's tests (x.test.ts beside x.ts), the cross-package tests
// in test/, and the editor packages' own projects (they alias editor APIs to mocks). The
// "source" condition resolves @whisperx-ts/* to their TypeScript sources; CLI end-to-end tests
// run the built binary (`pnpm test` builds it first).
const editorProjects = ['packages/raycast/vitest.config.ts', 'packages/vscode/vitest.config.ts'].filter((p) =>
  existsSync(p),
);

export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        resolve: { conditions: ['source'] },
        test: {
          name: 'main',
          include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', 'packages/raycast/**', 'packages/vscode/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...editorProjects,
    ],
  },
});
