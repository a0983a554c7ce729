#!/usr/bin/env node
// `npm run test:e2e`: a production build, a fresh embedded database, then Playwright in Debian's Chromium.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";

const run = (args, env = {}) => {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// Each run gets its own port and data folder, so two runs on one machine never share a server.
const port = process.env.E2E_PORT ?? String(await freePort());
const dataDir = process.env.E2E_DATA_DIR ?? `.data-e2e-${port}`;
rmSync(dataDir, { recursive: true, force: true });
if (process.env.E2E_SKIP_BUILD !== "1") run(["node_modules/next/dist/bin/next", "build"], { NODE_ENV: "production" });
run(["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], { E2E_DATA_DIR: dataDir, E2E_PORT: port });
rmSync(dataDir, { recursive: true, force: true });
