import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config";
import { serverProcessCount } from "./workers";

const shared = {
  DATABASE_URL: "postgres://db.internal/xrouter",
  REDIS_URL: "redis://cache.internal:6379",
  MWS_API_KEY: "k",
};
const count = (env: Record<string, string>, cpus = 4) => serverProcessCount(parseConfig(env), env as NodeJS.ProcessEnv, cpus);

describe("serverProcessCount", () => {
  it("runs one process unless told otherwise", () => {
    expect(count(shared)).toBe(1);
    expect(count({})).toBe(1);
  });

  it("auto: one per CPU (at most 8) with Postgres, Redis and real providers, else one", () => {
    expect(count({ ...shared, XROUTER_WORKERS: "auto" })).toBe(4);
    expect(count({ ...shared, XROUTER_WORKERS: "auto" }, 64)).toBe(8);
    expect(count({ XROUTER_WORKERS: "auto" })).toBe(1);
    expect(count({ ...shared, XROUTER_WORKERS: "auto", XROUTER_DEMO: "on" })).toBe(1);
    expect(count({ DATABASE_URL: shared.DATABASE_URL, MWS_API_KEY: "k", XROUTER_WORKERS: "auto" })).toBe(1);
  });

  it("takes a number, and refuses more than one where processes cannot share the data", () => {
    expect(count({ ...shared, XROUTER_WORKERS: "3" })).toBe(3);
    for (const env of [
      { XROUTER_WORKERS: "2" },
      { ...shared, XROUTER_WORKERS: "2", XROUTER_DEMO: "on" },
      { ...shared, REDIS_URL: "", XROUTER_WORKERS: "2" },
    ]) {
      expect(() => count(env)).toThrow(ConfigError);
    }
    expect(() => count({ XROUTER_WORKERS: "1" })).not.toThrow();
  });

  it("names the variable and the rule on a bad value", () => {
    for (const value of ["0", "many", "-1", "100"]) {
      expect(() => parseConfig({ XROUTER_WORKERS: value })).toThrow(/XROUTER_WORKERS: must be auto or a number/);
    }
  });
});
