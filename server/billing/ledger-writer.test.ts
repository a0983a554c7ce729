import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRITER = "server/billing/ledger.ts";
/** An insert into the ledger table, in drizzle or in SQL. */
const LEDGER_INSERT = /\.insert\(\s*(?:\w+\.)?ledger\s*\)|insert\s+into\s+"?ledger"?[\s(]/i;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) yield full;
  }
}

describe("the ledger writer", () => {
  it("is the only module that inserts into the ledger table", () => {
    const writers = ["server", "app", "scripts", "bench"]
      .flatMap((dir) => {
        try {
          return [...sourceFiles(path.join(ROOT, dir))];
        } catch {
          return [];
        }
      })
      .filter((file) => LEDGER_INSERT.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file));
    expect(writers).toEqual([WRITER]);
  });
});
