import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { limitConnections, MAX_HEADERS_COUNT, refuseCutHeaders } from "./connection-limits";

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** /stream writes a chunk every 20 ms for `ms` milliseconds; any other path answers with its header count. */
async function serve(limits: Parameters<typeof limitConnections>[1]): Promise<number> {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (refuseCutHeaders(req, res)) return;
    if (req.url?.startsWith("/stream")) {
      const ms = Number(new URL(req.url, "http://x").searchParams.get("ms"));
      res.writeHead(200, { "content-type": "text/plain" });
      const started = Date.now();
      const tick = setInterval(() => {
        res.write(".");
        if (Date.now() - started >= ms) {
          clearInterval(tick);
          res.end("done");
        }
      }, 20);
      return;
    }
    res.end(String(Object.keys(req.headers).length));
  });
  limitConnections(server, limits);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A raw keep-alive connection that has sent nothing (a slow client holding a socket). */
async function idleConnection(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  await new Promise((resolve) => socket.once("connect", resolve));
  return socket;
}

/** Sends one request on a raw connection; resolves with the whole response, or "closed" when the server hangs up first. */
function request(socket: Socket, path: string, extraHeaders = ""): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.once("close", () => resolve(text === "" ? "closed" : text));
    socket.write(`GET ${path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n${extraHeaders}\r\n`);
  });
}

describe("limitConnections", () => {
  it("closes a connection beyond the cap from one address at once, and admits again when one closes", async () => {
    const port = await serve({ maxPerIp: 3, exempt: () => false });
    const held = [await idleConnection(port), await idleConnection(port), await idleConnection(port)];
    expect(await request(await idleConnection(port), "/")).toBe("closed");
    held[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await request(await idleConnection(port), "/")).toMatch(/^HTTP\/1\.1 200/);
  });

  it("never cuts a long stream: it only counts connections open at the same time", async () => {
    const port = await serve({ maxPerIp: 2, exempt: () => false });
    const stream = request(await idleConnection(port), "/stream?ms=600");
    const other = await idleConnection(port);
    expect(await request(await idleConnection(port), "/")).toBe("closed");
    other.destroy();
    const response = await stream;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toMatch(/done\r\n0\r\n\r\n$/);
  });

  it("does not count exempt addresses (trusted proxies carry many clients)", async () => {
    const port = await serve({ maxPerIp: 1, exempt: (ip) => ip === "127.0.0.1" });
    await idleConnection(port);
    expect(await request(await idleConnection(port), "/")).toMatch(/^HTTP\/1\.1 200/);
  });

  it("with a cap of 0, caps nothing", async () => {
    const port = await serve({ maxPerIp: 0, exempt: () => false });
    await idleConnection(port);
    expect(await request(await idleConnection(port), "/")).toMatch(/^HTTP\/1\.1 200/);
  });

  it(`answers 431 to a request of ${MAX_HEADERS_COUNT} headers or more (Node would drop the rest silently)`, async () => {
    const port = await serve({ maxPerIp: 0, exempt: () => false });
    const headers = (count: number) => Array.from({ length: count }, (_, i) => `x-h${i}: ${i}\r\n`).join("");
    // host and connection make two.
    const fewer = await request(await idleConnection(port), "/", headers(MAX_HEADERS_COUNT - 3));
    expect([fewer.slice(0, 12), fewer.split("\r\n\r\n")[1]]).toEqual(["HTTP/1.1 200", String(MAX_HEADERS_COUNT - 1)]);
    expect(await request(await idleConnection(port), "/", headers(500))).toMatch(/^HTTP\/1\.1 431/);
  });
});
