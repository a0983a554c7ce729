import { spawnSync } from "node:child_process";
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
