import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("gives defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, XROUTER_DATA_DIR: "./.data", XROUTER_DEMO: "auto", LOG_LEVEL: "info" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ REDIS_URL: "http://localhost" }, "REDIS_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ XROUTER_DEMO: "maybe" }, "XROUTER_DEMO"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
  ])("rejects %o naming %s", (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (err) {
      expect((err as ConfigError).variable).toBe(variable);
    }
  });
});

describe("npm start with a bad environment", () => {
  it.each([
    ["PORT", "abc"],
    ["DATABASE_URL", "nonsense"],
    // A provider's variable: checked from its descriptor, as early.
    ["GIGACHAT_BASE_URL", "nonsense"],
  ])("%s=%s stops with one line naming it and exit code 1", (name, value) => {
    const result = spawnSync(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, [name]: value },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^xrouter: invalid configuration: ${name}: `));
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe("npm start", () => {
  // A stub stands in for the server bundle here: it reports what the cached configuration says.
  it("reads the configuration with NODE_ENV=production, not the development default", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "xrouter-start-"));
    try {
      mkdirSync(path.join(dir, ".next"));
      writeFileSync(path.join(dir, ".next", "BUILD_ID"), "test");
      const configUrl = pathToFileURL(path.resolve("server/config.ts")).href;
      const environmentUrl = pathToFileURL(path.resolve("server/runtime/environment.ts")).href;
      const workersUrl = pathToFileURL(path.resolve("server/runtime/workers.ts")).href;
      const stub = path.join(dir, "server-stub.mjs");
      writeFileSync(
        stub,
        `import { getConfig } from ${JSON.stringify(configUrl)}; export { loadEnvironmentOrExit } from ${JSON.stringify(environmentUrl)}; export { serverProcessCount, superviseServerProcesses } from ${JSON.stringify(workersUrl)}; export async function startServer() { process.stdout.write(getConfig().NODE_ENV); }`,
      );
      const hooks = path.join(dir, "hooks.mjs");
      writeFileSync(
        hooks,
        `export async function resolve(specifier, context, next) { return specifier.endsWith("/xrouter-server/server.mjs") ? { url: ${JSON.stringify(pathToFileURL(stub).href)}, shortCircuit: true } : next(specifier, context); }`,
      );
      const register = path.join(dir, "register.mjs");
      writeFileSync(register, `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(hooks).href)});`);

      // `env -u`: started from a shell that never set NODE_ENV (vitest sets it to test).
      const start = [process.execPath, "--import", pathToFileURL(path.resolve("node_modules/tsx/dist/loader.mjs")).href, "--import", pathToFileURL(register).href, path.resolve("scripts/start.mjs")];
      const result = spawnSync("env", ["-u", "NODE_ENV", ...start], {
        cwd: dir,
        env: { ...process.env, XROUTER_DATA_DIR: dir },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe("production");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
