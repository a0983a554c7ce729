#!/usr/bin/env node
// `npm run test:e2e`: a production build, a fresh embedded database, then Playwright in Debian's Chromium.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";

const run = (args, env = {}) => {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const dataDir = process.env.E2E_DATA_DIR ?? ".data-e2e";
rmSync(dataDir, { recursive: true, force: true });
run(["node_modules/next/dist/bin/next", "build"], { NODE_ENV: "production" });
run(["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], { E2E_DATA_DIR: dataDir });
rmSync(dataDir, { recursive: true, force: true });
