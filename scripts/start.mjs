#!/usr/bin/env node
// `npm start`: validate the environment, build the app once if there is no build, then serve.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { register } from "tsx/esm/api";

register();
const { loadConfigOrExit } = await import("../server/config.ts");
loadConfigOrExit();

if (!existsSync(".next/BUILD_ID")) {
  console.error("xrouter: no production build yet; running next build (first start only)");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

process.env.NODE_ENV = "production";
const { startServer } = await import("../server.ts");
await startServer();
