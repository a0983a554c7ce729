import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, getAccessLogger, scrubSecrets, withRequestId } from "./logger";

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

  it("scrubs each secret shape on its own, whatever its case, and returns other text as it was", () => {
    const key = "xr-" + "c".repeat(40);
    for (const text of [`key ${key}.`, "bearer tok123", "BASIC dXNlcjpwYXNz", "Api-Key sk-abc", "api-key sk-abc"]) {
      const out = scrubSecrets(text);
      expect(out).toContain("[REDACTED]");
      expect(out).not.toMatch(/c{40}|tok123|dXNlcjpwYXNz|sk-abc/);
    }
    const plain = "api request: POST /chat/completions 200";
    expect(scrubSecrets(plain)).toBe(plain);
  });

  it("writes the access line through the default logger's destination, with the request id, without path redaction", () => {
    const { logger, lines } = capture();
    const g = globalThis as { __xrouterLogger?: unknown };
    const previous = g.__xrouterLogger;
    g.__xrouterLogger = logger;
    try {
      withRequestId("req_access", () => getAccessLogger().info({ method: "POST", path: "/chat/completions", status: 200 }, "api request"));
      expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: "req_access", method: "POST", status: 200, service: "xrouter", msg: "api request" });
      // Free text is still scrubbed by the hook; only the field paths are not looked at.
      getAccessLogger().info(`key xr-${"b".repeat(48)}`);
      expect(lines[1]).not.toContain("b".repeat(48));
    } finally {
      g.__xrouterLogger = previous;
    }
  });
});
