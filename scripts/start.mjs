#!/usr/bin/env node
// `npm start`: validate the environment, build the app once if there is no build, then serve: in this process, or
// in several server processes on the one port (XROUTER_WORKERS, docs/deployment.md) under this one as primary.
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { ensureServerBundle } from "./build-server.mjs";

// Before the first read: the configuration is read once per process, and Next shares it.
process.env.NODE_ENV = "production";
// Stack traces in the log point at the TypeScript sources (only read when a stack is printed).
process.setSourceMapsEnabled(true);
const { loadEnvironmentOrExit, startServer, serverProcessCount, superviseServerProcesses } = await import(
  await ensureServerBundle()
);
loadEnvironmentOrExit();

if (cluster.isPrimary && !existsSync(".next/BUILD_ID")) {
  console.error("xrouter: no production build yet; running next build (first start only)");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const processes = cluster.isPrimary ? serverProcessCount() : 1;
if (processes > 1) await superviseServerProcesses(processes);
else await startServer();
