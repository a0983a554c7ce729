import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";
import { profile } from "./server/testing/faults/profile.js";

/**
 * `npm run test:faults`: the fault suite (server/testing/faults/*.fault.ts), apart from the unit tests.
 * One file at a time: each scenario loads both cores and some time their answers.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["server/testing/faults/**/*.fault.ts"],
    fileParallelism: false,
    testTimeout: profile.testTimeoutMs,
    hookTimeout: 120_000,
  },
});
