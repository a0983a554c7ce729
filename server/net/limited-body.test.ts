import { describe, expect, it } from "vitest";
import { streamedBody } from "../testing/streamed-body";
import { BodyTooLargeError, readLimitedText } from "./limited-body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readLimitedText", () => {
  it("reads a body within the limit", async () => {
    expect(await readLimitedText(post("a=1&b=2"), 64)).toBe("a=1&b=2");
    expect(await readLimitedText(new Request("http://localhost/x"), 64)).toBe("");
  });

  it("stops reading a streamed body as soon as it passes the limit", async () => {
    const { body, made } = streamedBody(64 * 1024 * 1024);
    await expect(readLimitedText(post(body), 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    // 64 KiB is four 16 KiB chunks: the fifth passes the limit, and the stream may have one more queued.
    expect(made.chunks).toBeLessThanOrEqual(6);
  });

  it("refuses a declared length over the limit without reading", async () => {
    const { body, made } = streamedBody(1024 * 1024);
    await expect(readLimitedText(post(body, { "content-length": String(1024 * 1024) }), 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(made.chunks).toBeLessThanOrEqual(1);
  });
});
