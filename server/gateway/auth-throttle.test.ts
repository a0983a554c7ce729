import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../db/client";
import { getMetrics } from "../metrics/registry";
import type { Store } from "../store";
import { MemoryStore } from "../store/memory";
import { createTestKey } from "../testing/api-server";
import { openTrpcTestDb } from "../testing/trpc";
import { handleApiRequest, type ApiRequest } from "../services/public-api/handle-api-request";
import { authThrottleSettings } from "./auth-throttle";

let handle: DbHandle;
let store: Store;

beforeAll(async () => {
  handle = await openTrpcTestDb();
  Object.assign(authThrottleSettings, { maxFailures: 3, windowMs: 60_000, blockMs: 120_000 });
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(() => {
  store = new MemoryStore();
  (globalThis as { __xrouterStore?: Store }).__xrouterStore = store;
});

/** A distinct address per test, so one test's block never leaks into another's. */
const freshIp = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 4)}`;

async function call(clientIp: string | undefined, authorization: string | undefined, path = "/key") {
  let status = 0;
  let headers: Record<string, string> = {};
  let body = "";
  const req: ApiRequest = {
    method: "GET",
    path,
    query: new URLSearchParams(),
    authorization,
    header: () => undefined,
    clientIp,
    signal: new AbortController().signal,
    readBody: async () => "",
  };
  await handleApiRequest(req, {
    start: (s, h) => {
      status = s;
      headers = h;
    },
    write: (chunk) => void (body += chunk),
    end: (last) => void (body += last ?? ""),
  });
  return { status, headers, body: JSON.parse(body) as { error?: { code: string; type: string; message: string; param: null } } };
}

const counter = async (name: "authFailures" | "blockedRequests") =>
  (await getMetrics()[name].get()).values.reduce((sum, v) => sum + (name === "blockedRequests" && v.labels.reason !== "auth_failures" ? 0 : v.value), 0);

describe("repeated authentication failures from one IP", () => {
  it("turn into 429 too_many_auth_failures with Retry-After, in OpenAI's shape, for every request from that IP", async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await call(ip, "Bearer wrong")).status).toBe(401);
    const blocked = await call(ip, "Bearer wrong");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ type: "rate_limit_error", code: "too_many_auth_failures", param: null });
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(100);
    expect(Number(blocked.headers["retry-after"])).toBeLessThanOrEqual(120);

    // Refused before anything else: even a valid key, or a path with no key at all.
    const { key } = await createTestKey({ creditRub: 0 });
    expect((await call(ip, `Bearer ${key}`)).status).toBe(429);
    expect((await call(ip, undefined, "/no-such-path")).body.error?.code).toBe("too_many_auth_failures");

    // Other addresses are not affected.
    expect((await call(freshIp(), `Bearer ${key}`)).status).toBe(200);
    expect((await call(freshIp(), "Bearer wrong")).status).toBe(401);
  });

  it("are counted in Prometheus: xrouter_auth_failures_total and xrouter_blocked_requests_total{reason}", async () => {
    const ip = freshIp();
    const [failuresBefore, blockedBefore] = [await counter("authFailures"), await counter("blockedRequests")];
    for (let i = 0; i < 4; i++) await call(ip, "Bearer wrong");
    await call(ip, undefined, "/models");
    expect((await counter("authFailures")) - failuresBefore).toBe(4);
    expect((await counter("blockedRequests")) - blockedBefore).toBe(2);
    expect(await getMetrics().registry.metrics()).toMatch(/xrouter_blocked_requests_total\{reason="auth_failures"\} \d+/);
  });

  it("reach an instance that has not seen them through the store, at its first failure from that IP", async () => {
    const ip = freshIp();
    // What another instance left in the shared store when it blocked the IP.
    await store.incr(`authfail:${ip}`, 10, 60_000);
    await store.set(`authblock:${ip}`, "1", 30_000);
    const { key } = await createTestKey({ creditRub: 0 });
    expect((await call(ip, `Bearer ${key}`)).status).toBe(200);
    const blocked = await call(ip, "Bearer wrong");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeLessThanOrEqual(30);
    expect((await call(ip, `Bearer ${key}`)).status).toBe(429);
  });

  it("cost a request with a valid key nothing: no store round trip for the throttle", async () => {
    const { key } = await createTestKey({ creditRub: 0 });
    const ip = freshIp();
    expect((await call(ip, `Bearer ${key}`)).status).toBe(200);
    const touched: string[] = [];
    for (const method of ["get", "getMany", "set", "setIfAbsent", "incr", "ttl", "del"] as const) {
      const original = store[method].bind(store) as (...args: unknown[]) => unknown;
      vi.spyOn(store, method).mockImplementation(((...args: unknown[]) => {
        touched.push(`${method} ${JSON.stringify(args[0])}`);
        return original(...args);
      }) as never);
    }
    for (let i = 0; i < 5; i++) expect((await call(ip, `Bearer ${key}`)).status).toBe(200);
    expect(touched.filter((t) => t.includes("auth"))).toEqual([]);
  });

  it("leave the 401 as it is when the store cannot count them, and skip callers without an IP", async () => {
    const ip = freshIp();
    vi.spyOn(store, "incr").mockRejectedValue(new Error("store down"));
    for (let i = 0; i < 6; i++) expect((await call(ip, "Bearer wrong")).body.error?.code).toBe("invalid_api_key");
    vi.restoreAllMocks();
    for (let i = 0; i < 6; i++) expect((await call(undefined, "Bearer wrong")).status).toBe(401);
  });
});
