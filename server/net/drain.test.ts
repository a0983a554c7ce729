import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { drainable, isDraining } from "./drain";

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

/** A server whose /stream answers a chunk now and the rest after `ms` (never, without one), and anything else at once. */
async function serve(streamMs?: number) {
  const server = createServer((req, res) => {
    if (req.url !== "/stream") return res.end("quick");
    res.write("first ");
    if (streamMs !== undefined) setTimeout(() => res.end("last"), streamMs);
  });
  servers.push(server);
  const gate = drainable(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, gate, port: (server.address() as AddressInfo).port };
}

/** A GET on a connection of its own: the status, the connection header and the whole body, or the socket's error. */
function get(
  port: number,
  path: string,
): Promise<{ status?: number; connection?: string; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ port, host: "127.0.0.1", path, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode, connection: res.headers.connection, body }));
      res.on("error", (err) => resolve({ body, error: err.message }));
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve({ body: "", error: err.code ?? err.message }));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("graceful drain", () => {
  it("flags draining, serves new requests through the grace, then refuses connections and lets a stream finish", async () => {
    const { gate, port } = await serve(700);
    const stream = get(port, "/stream");
    await sleep(100);
    expect(gate.inFlight()).toBe(1);

    const drained = gate.drain({ graceMs: 300, timeoutMs: 5_000 });
    expect(isDraining()).toBe(true);
    const duringGrace = await get(port, "/other");
    expect(duringGrace).toMatchObject({ status: 200, body: "quick", connection: "close" });

    await sleep(400);
    expect((await get(port, "/other")).error).toBe("ECONNREFUSED");
    expect(await stream).toMatchObject({ status: 200, body: "first last" });
    const result = await drained;
    expect(result.cut).toBe(0);
    // The stream had 600 ms to go when the drain began.
    expect(result.ms).toBeGreaterThanOrEqual(550);
    expect(gate.inFlight()).toBe(0);
  });

  it("cuts what still runs at the drain timeout, and waits for other work until it is done", async () => {
    const { gate, port } = await serve();
    const stream = get(port, "/stream");
    await sleep(100);
    let busySockets = 2;
    const started = Date.now();
    const result = await gate.drain({
      graceMs: 0,
      timeoutMs: 400,
      closeIdleWork: () => (busySockets > 0 ? busySockets-- : 0),
    });
    expect(result.cut).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await stream).body).toBe("first ");
    expect(busySockets).toBe(0);
  });

  it("ends at once when nothing is in flight, and a second signal cuts the grace short", async () => {
    const { gate } = await serve();
    const cut = new AbortController();
    const started = Date.now();
    const drained = gate.drain({ graceMs: 10_000, timeoutMs: 10_000, signal: cut.signal });
    setTimeout(() => cut.abort(), 100);
    expect(await drained).toMatchObject({ cut: 0 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
