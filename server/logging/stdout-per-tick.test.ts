import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stdoutPerTick } from "./logger";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("stdoutPerTick", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes the lines of one event-loop turn in one write, in order", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const out = stdoutPerTick();
    out.write("a\n");
    out.write("b\n");
    out.write("c\n");
    expect(write).not.toHaveBeenCalled();
    await nextTurn();
    expect(write.mock.calls.map((call) => call[0])).toEqual(["a\nb\nc\n"]);
    out.write("d\n");
    await nextTurn();
    expect(write.mock.calls.map((call) => call[0])).toEqual(["a\nb\nc\n", "d\n"]);
  });

  it("writes the last turn's lines when the process exits in it", () => {
    const script = `import { getLogger } from "./server/logging/logger.ts"; getLogger().info("one"); getLogger().warn("two"); process.exit(0);`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(
      result.stdout
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { msg: string }).msg),
    ).toEqual(["one", "two"]);
  });
});
