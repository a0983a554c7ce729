import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/server/db/client";
import { handleIntrospectRequest } from "@/server/services/oauth/introspect-endpoint";
import { handleRevokeRequest } from "@/server/services/oauth/revoke-endpoint";
import { handleTokenRequest } from "@/server/services/oauth/token-endpoint";
import { streamedBody } from "@/server/testing/streamed-body";
import { openTrpcTestDb } from "@/server/testing/trpc";
import { POST as webhook } from "./api/payments/yookassa/webhook/route";
import { POST as consent } from "./oauth/consent/route";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});

const HUGE = 64 * 1024 * 1024;

function hugePost(path: string, contentType: string) {
  const { body, made } = streamedBody(HUGE);
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { "content-type": contentType },
    duplex: "half",
  } as RequestInit);
  return { request, made };
}

describe("anonymous routes refuse large bodies with 413 before reading them whole", () => {
  // The routes are thin (they add the request's source, which needs Next's request scope): their handlers read the body.
  it.each([
    ["/oauth/token", handleTokenRequest],
    ["/oauth/revoke", handleRevokeRequest],
    ["/oauth/introspect", handleIntrospectRequest],
  ])("%s answers in RFC 6749's error shape", async (path, handler) => {
    const { request, made } = hugePost(path, "application/x-www-form-urlencoded");
    const res = await handler(handle.db, request);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringContaining("64 KiB") });
    expect(made.chunks).toBeLessThanOrEqual(6);
  });

  it("the YooKassa webhook answers in its JSON error shape", async () => {
    const { request, made } = hugePost("/api/payments/yookassa/webhook", "application/json");
    const res = await webhook(request);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringContaining("64 KiB") });
    expect(made.chunks).toBeLessThanOrEqual(6);
  });

  it("the consent form answers 413", async () => {
    const { request, made } = hugePost("/oauth/consent", "application/x-www-form-urlencoded");
    const res = await consent(request);
    expect(res.status).toBe(413);
    expect(made.chunks).toBeLessThanOrEqual(6);
  });

  it("a declared Content-Length over the limit is refused unread", async () => {
    const res = await webhook(
      new Request("http://localhost/api/payments/yookassa/webhook", {
        method: "POST",
        body: "x".repeat(65 * 1024),
        headers: { "content-type": "application/json", "content-length": String(65 * 1024) },
      }),
    );
    expect(res.status).toBe(413);
  });
});
