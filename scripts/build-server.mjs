#!/usr/bin/env node
// The production server as one precompiled ES module: server.ts and the server/ code it imports, bundled by
// esbuild so `npm start` runs plain JavaScript instead of compiling TypeScript through tsx at run time.
// Packages (next, pg, ioredis, pino …) stay external: Next keeps its own module graph, as it does under tsx.
// `npm run build` writes it after `next build`; `npm start` rebuilds it when it is missing or older than a source.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "node_modules", ".cache", "xrouter-server");
/** The bundle; node_modules/.cache is ignored by git and survives `next build`, which empties .next. */
export const serverBundle = path.join(outDir, "server.mjs");
const inputsFile = path.join(outDir, "inputs.json");

const entryName = "xrouter-server-entry.ts";
const entry = [
  `export { startServer } from "./server.ts";`,
  `export { loadEnvironmentOrExit } from "./server/runtime/environment.ts";`,
  `export { serverProcessCount, superviseServerProcesses } from "./server/runtime/workers.ts";`,
].join(" ");

/** Bundles the server; writes through a temporary name so a concurrent start never imports half a file. */
export async function buildServer() {
  const { build } = await import("esbuild");
  const result = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: entryName, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    sourcemap: "linked",
    outfile: serverBundle,
    metafile: true,
    write: false,
    logLevel: "error",
  });
  mkdirSync(outDir, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) {
    writeFileSync(file.path + suffix, file.contents);
    renameSync(file.path + suffix, file.path);
  }
  const inputs = Object.keys(result.metafile.inputs).filter((input) => input !== entryName);
  writeFileSync(inputsFile + suffix, JSON.stringify(inputs));
  renameSync(inputsFile + suffix, inputsFile);
  return serverBundle;
}

/** True when the bundle exists and no source file it was built from changed since. */
function isFresh() {
  try {
    const builtAt = statSync(serverBundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
    return inputs.every((input) => statSync(path.resolve(root, input)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

/** The bundle's URL, built first when missing or stale. */
export async function ensureServerBundle() {
  if (!isFresh()) await buildServer();
  return pathToFileURL(serverBundle).href;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildServer();
  console.log(
    `xrouter: server bundle written to ${path.relative(root, serverBundle)} in ${Math.round(performance.now() - started)} ms`,
  );
}
