const { defineConfig } = require("eslint/config");
const raycastConfig = require("@raycast/eslint-config");

module.exports = defineConfig([
  { ignores: ["node_modules/**", "dist/**", "raycast-env.d.ts", "src/__fixtures__/**"] },
  ...raycastConfig,
]);
