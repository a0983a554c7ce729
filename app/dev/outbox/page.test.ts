import type { IncomingMessage } from "node:http";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { requestClientIp, stampClientIp } from "@/server/net/client-ip";

const request = vi.hoisted(() => ({ headers: new Headers(), role: undefined as "user" | "admin" | undefined }));

vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/server/runtime", () => ({ getRuntime: async () => ({ demo: true }) }));
vi.mock("@/server/auth/session", () => ({
  getSessionUser: async () => (request.role ? { id: "usr_1", email: "a@example.test", role: request.role } : undefined),
}));
vi.mock("@/components/format/reader-time-zone", () => ({ getReaderTimeZone: async () => "Europe/Moscow" }));
vi.mock("@/server/db", () => ({
  getDb: async () => ({ select: () => ({ from: () => ({ orderBy: () => ({ limit: async () => [] }) }) }) }),
}));

const { default: OutboxPage } = await import("./page");

/** The headers a page sees for a connection from `peer`: stamped by server.ts, then Next's x-forwarded-for. */
function from(peer: string, sent: Record<string, string> = {}): Headers {
  const req = { socket: { remoteAddress: peer }, headers: { ...sent } } as unknown as IncomingMessage;
  stampClientIp(req, requestClientIp(req));
  req.headers["x-forwarded-for"] ??= peer;
  return new Headers(req.headers as Record<string, string>);
}

const NOT_FOUND = { digest: "NEXT_HTTP_ERROR_FALLBACK;404" };

describe("the dev outbox (demo mode)", () => {
  beforeEach(() => {
    request.role = undefined;
  });

  it.each(["127.0.0.1", "::1", "::ffff:127.0.0.1"])("answers a connection from %s", async (address) => {
    request.headers = from(address);
    await expect(OutboxPage()).resolves.toBeTruthy();
  });

  it("is not found for a remote client", async () => {
    request.headers = from("203.0.113.7", { host: "localhost:3000" });
    await expect(OutboxPage()).rejects.toMatchObject(NOT_FOUND);
  });

  it.each(["x-forwarded-for", "x-real-ip"])("is not found for a remote client a proxy on this machine names in %s", async (header) => {
    request.headers = from("127.0.0.1", { [header]: "203.0.113.7" });
    await expect(OutboxPage()).rejects.toMatchObject(NOT_FOUND);
  });

  it("answers an admin from anywhere", async () => {
    request.headers = from("203.0.113.7");
    request.role = "admin";
    await expect(OutboxPage()).resolves.toBeTruthy();
  });

  it("is not found for a remote signed-in user who is not an admin", async () => {
    request.headers = from("203.0.113.7");
    request.role = "user";
    await expect(OutboxPage()).rejects.toMatchObject(NOT_FOUND);
  });
});
