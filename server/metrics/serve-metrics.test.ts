import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listenForMetrics, serveMetrics, type MetricsGate } from "./serve-metrics";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A main-port stand-in: every request is served /metrics behind `gate(clientIp)`, the client IP being the socket's or a pretended one. */
async function mainPort(gate: (socketIp: string) => MetricsGate): Promise<string> {
  const server = createServer((req, res) => serveMetrics(req, res, gate(req.socket.remoteAddress!.replace(/^::ffff:/, ""))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

describe("/metrics", () => {
  it("without a token answers this machine only, and nobody who came through a proxy", async () => {
    const url = await mainPort((ip) => ({ clientIp: ip }));
    const local = await fetch(url);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain("process_cpu_user_seconds_total");
    expect((await fetch(url, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
    expect((await fetch(url, { headers: { "x-real-ip": "203.0.113.9" } })).status).toBe(403);

    const remote = await mainPort(() => ({ clientIp: "203.0.113.9" }));
    const refused = await fetch(remote);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("xrouter_");
  });

  it("with a token answers whoever presents it, from anywhere, and nobody else", async () => {
    const token = "metrics-token-0123456789";
    const url = await mainPort(() => ({ token, clientIp: "203.0.113.9" }));
    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("process_cpu_user_seconds_total");
  });

  it("on its own port serves /metrics alone, behind the token when one is set", async () => {
    const open = await listenForMetrics(0, undefined);
    servers.push(open);
    const base = `http://127.0.0.1:${(open.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/api/health`)).status).toBe(404);

    const guarded = await listenForMetrics(0, "metrics-token-0123456789");
    servers.push(guarded);
    const guardedUrl = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/metrics`;
    expect((await fetch(guardedUrl)).status).toBe(401);
    expect((await fetch(guardedUrl, { headers: { authorization: "Bearer metrics-token-0123456789" } })).status).toBe(200);
  });
});
