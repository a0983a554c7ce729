import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, withRequestId } from "./logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger("info", stream), lines };
}

describe("logger", () => {
  it("puts the request id on every line written inside a request", () => {
    const { logger, lines } = capture();
    withRequestId("req_abc", () => {
      logger.info("one");
      logger.warn({ extra: 1 }, "two");
    });
    logger.info("outside");
    const parsed = lines.map((l) => JSON.parse(l) as { requestId?: string });
    expect(parsed[0]!.requestId).toBe("req_abc");
    expect(parsed[1]!.requestId).toBe("req_abc");
    expect(parsed[2]!.requestId).toBeUndefined();
  });

  it("redacts authorization headers, keys and key-shaped text", () => {
    const { logger, lines } = capture();
    const key = "xr-" + "a".repeat(48);
    logger.info({ req: { headers: { authorization: `Bearer ${key}` } }, key }, `got ${key} and Basic abc==`);
    const out = lines.join("");
    expect(out).not.toContain(key);
    expect(out).not.toContain("abc==");
    expect(out).toContain("[REDACTED]");
  });
});
