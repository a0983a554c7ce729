import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * `npm run test:scale` (CI, after `npm test`): three production instances behind HAProxy on one Postgres and one
 * Redis (scripts/scale-test). The scenarios share the instances and run in order, so one file, no parallelism; the
 * harness makes its own database and Redis logical database, so no global setup.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["scripts/scale-test/**/*.scale.ts"],
    globalSetup: [],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
