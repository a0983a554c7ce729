import type { IncomingMessage } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { CLIENT_IP_HEADER, stampClientIp, UNKNOWN_CLIENT_IP } from "../net/client-ip";
import { requestIp } from "./request-info";

const incoming = vi.hoisted(() => ({ headers: {} as Record<string, string> }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(incoming.headers) }));

describe("requestIp (portal: server actions, tRPC, next-auth)", () => {
  it("never believes X-Forwarded-For or X-Real-IP sent by the client", async () => {
    incoming.headers = { "x-forwarded-for": "1.1.1.1, 10.0.0.1", "x-real-ip": "1.1.1.1" };
    expect(await requestIp()).not.toBe("1.1.1.1");
  });

  it("without server.ts in front (`next dev`), is unknown even when the client forges the internal header", async () => {
    incoming.headers = { [CLIENT_IP_HEADER]: "198.51.100.7" };
    expect(await requestIp()).toBe(UNKNOWN_CLIENT_IP);
  });

  it("is the address server.ts stamped, replacing the client's own copy of the header", async () => {
    const req = { headers: { [CLIENT_IP_HEADER]: "1.1.1.1", "x-forwarded-for": "1.1.1.1" } } as unknown as IncomingMessage;
    stampClientIp(req, "203.0.113.5");
    incoming.headers = req.headers as Record<string, string>;
    expect(await requestIp()).toBe("203.0.113.5");
  });
});
