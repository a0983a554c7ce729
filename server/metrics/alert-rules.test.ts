import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// deploy/prometheus: the alert rules, their promtool unit tests and a scrape configuration. promtool is Debian's
// `prometheus` package (.ci/run installs it).
const DIR = path.resolve(import.meta.dirname, "../../deploy/prometheus");
const RULES = "xrouter-alerts.yml";
const TESTS = "xrouter-alerts.test.yml";

async function promtool(args: string[], cwd = DIR): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("promtool", args, { cwd });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === "ENOENT") throw new Error("promtool is not installed: apt-get install prometheus (Debian's package has it)");
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

const rules = readFileSync(path.join(DIR, RULES), "utf8");
const alerts = [...rules.matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1]!);

/** The rules with every alert's expression rewritten (a block scalar becomes one quoted line). */
function rewriteExprs(wrap: (expr: string) => string): string {
  let count = 0;
  const text = rules.replace(/^(\s+)expr: (?:\|\n((?:\1 {2}.*\n)+)|(.*)\n)/gm, (_, indent: string, block?: string, line?: string) => {
    count++;
    const expr = (block ?? line!).replace(/\s+/g, " ").trim();
    return `${indent}expr: ${JSON.stringify(wrap(expr))}\n`;
  });
  expect(count, "every alert's expression was rewritten").toBe(alerts.length);
  return text;
}

const work = mkdtempSync(path.join(tmpdir(), "xrouter-rules-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the unit tests against rewritten rules; returns the alerts with a failing expectation. */
async function failingWith(name: string, wrap: (expr: string) => string): Promise<Set<string>> {
  const dir = path.join(work, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, RULES), rewriteExprs(wrap));
  copyFileSync(path.join(DIR, TESTS), path.join(dir, TESTS));
  const { ok, output } = await promtool(["test", "rules", TESTS], dir);
  expect(ok).toBe(false);
  return new Set([...output.matchAll(/alertname: (\w+),/g)].map((m) => m[1]!));
}

describe("deploy/prometheus", () => {
  it("has the alerts the operations need", () => {
    expect(alerts.sort()).toEqual(
      [
        "XRouterHighErrorRate",
        "XRouterGatewayOverheadHigh",
        "XRouterDependencyUnavailable",
        "XRouterReadinessFlapping",
        "XRouterProviderDown",
        "XRouterBreakerOpen",
        "XRouterNoSuccessfulUpstreamCall",
        "XRouterHoldsNotSwept",
        "XRouterChargeLag",
        "XRouterLedgerCheckFailing",
        "XRouterLedgerCheckStale",
      ].sort(),
    );
  });

  it("promtool check rules: every expression parses", async () => {
    const { ok, output } = await promtool(["check", "rules", RULES]);
    expect(output).toContain(`SUCCESS: ${alerts.length} rules found`);
    expect(ok).toBe(true);
  });

  it("promtool check config: the example scrape configuration is valid", async () => {
    const { ok, output } = await promtool(["check", "config", "--syntax-only", "prometheus.yml"]);
    expect(output).toContain("SUCCESS");
    expect(ok).toBe(true);
  });

  it("promtool test rules: the unit tests pass", async () => {
    const { ok, output } = await promtool(["test", "rules", TESTS]);
    expect(output).toContain("SUCCESS");
    expect(ok).toBe(true);
  });

  it("the unit tests see every alert fire and every alert stay quiet", async () => {
    // Rules that always fire break each alert's quiet expectations; rules that never fire break its firing ones.
    const [quietBroken, firingBroken] = await Promise.all([
      failingWith("always", (expr) => `(${expr}) or on() vector(1)`),
      failingWith("never", (expr) => `(${expr}) unless on() vector(1)`),
    ]);
    expect([...quietBroken].sort()).toEqual([...alerts].sort());
    expect([...firingBroken].sort()).toEqual([...alerts].sort());
  });
});
