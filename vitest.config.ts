// One vitest run for the whole repo: a single database server (embedded unless
// DATABASE_URL is set) and a migrated template that each test file clones.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const graphql = fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url));

const shared = {
  // graphql ships ESM and CJS builds. Node loads the CJS one for yoga and Pothos (graphql has
  // no `exports` map), so our source must use it too: across two copies `instanceof` fails,
  // Pothos objects break and yoga masks every GraphQLError as "Unexpected error.".
  resolve: { alias: { graphql } },
};

const project = (name: string, dir: string, timeout = 30_000) => ({
  ...shared,
  test: {
    name,
    root: dir,
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: timeout,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  ...shared,
  test: {
    globalSetup: ["./packages/db/src/testing/global-setup.ts"],
    projects: [
      project("@herald/schema", "packages/schema"),
      project("@herald/db", "packages/db"),
      project("@herald/worker", "apps/worker"),
      project("@herald/api", "apps/api"),
      project("@herald/sdk", "packages/sdk"),
      project("@herald/test", "test", 90_000),
      project("@herald/bench", "bench", 120_000),
    ],
    passWithNoTests: true,
  },
});
