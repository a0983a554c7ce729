import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";

let api: TestApi;

// The test client connects from 127.0.0.1, which stands in for a load balancer that appends X-Forwarded-For.
beforeAll(async () => {
  api = await startTestApi({ XROUTER_TRUSTED_PROXIES: "127.0.0.1/32" });
});
afterAll(() => api.close());

async function chatFrom(key: string, forwardedFor: string) {
  const res = await fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ model: "gigachat/GigaChat-2-Max", messages: [{ role: "user", content: "hi" }] }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { error?: { code: string; type: string; message: string } },
  };
}

describe("a key's IP allowlist, through a trusted proxy", () => {
  it("answers callers inside the ranges, IPv4 and IPv6", async () => {
    const { key } = await createTestKey({ allowedIps: ["198.51.100.0/24", "2001:db8::/32"] });
    expect((await chatFrom(key, "198.51.100.20")).status).toBe(200);
    expect((await chatFrom(key, "2001:db8:5::1")).status).toBe(200);
  });

  it("refuses any other address with 403 ip_not_allowed in OpenAI's shape", async () => {
    const { key } = await createTestKey({ allowedIps: ["198.51.100.0/24"] });
    const { status, body } = await chatFrom(key, "203.0.113.9");
    expect(status).toBe(403);
    expect(body.error).toMatchObject({ code: "ip_not_allowed", type: "permission_error" });
    expect(body.error?.message).toContain("203.0.113.9");
  });

  it("believes only the hop the proxy appended, not an allowed address forged on its left", async () => {
    const { key } = await createTestKey({ allowedIps: ["198.51.100.0/24"] });
    expect((await chatFrom(key, "198.51.100.20, 203.0.113.9")).status).toBe(403);
  });

  it("is checked again on every request, not only when the key is first cached", async () => {
    const { key } = await createTestKey({ allowedIps: ["198.51.100.20"] });
    expect((await chatFrom(key, "198.51.100.20")).status).toBe(200);
    expect((await chatFrom(key, "198.51.100.21")).status).toBe(403);
  });

  it("leaves a key without a list usable from anywhere", async () => {
    const { key } = await createTestKey();
    expect((await chatFrom(key, "203.0.113.9")).status).toBe(200);
  });
});
