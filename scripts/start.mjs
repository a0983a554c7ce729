#!/usr/bin/env node
// `npm start`: validate the environment, build the app once if there is no build, then serve.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { register } from "tsx/esm/api";

// Before the first read: the configuration is read once per process, and Next shares it.
process.env.NODE_ENV = "production";
register();
const { loadConfigOrExit } = await import("../server/config.ts");
loadConfigOrExit();

if (!existsSync(".next/BUILD_ID")) {
  console.error("xrouter: no production build yet; running next build (first start only)");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { startServer } = await import("../server.ts");
await startServer();
