import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// @raycast/api has no runtime module outside Raycast (only types): tests alias it to an
// in-memory mock, as raycast/extensions' dagster and atlassian-data-center extensions do.
// The "source" condition reads @whisperx-ts/cli/protocol from its TypeScript source (no build needed).
export default defineConfig({
  resolve: {
    conditions: ["source"],
    alias: {
      "@raycast/api": fileURLToPath(new URL("./src/__mocks__/raycast-api.ts", import.meta.url)),
    },
  },
  test: {
    name: "raycast",
    include: ["src/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
