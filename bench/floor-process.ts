/**
 * Child process: the floor, a proxy that does nothing but forward: node:http in, undici out to the same upstream
 * the gateway calls, body streamed through both ways. No auth, no routing, no billing, no log. What a gateway
 * costs is measured against this, in the same run.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { send, serveParent } from "./protocol";

const API_PREFIX = "/api/v1";
const upstream = new URL(process.env.FLOOR_UPSTREAM_URL!);
const authorization = `Bearer ${process.env.FLOOR_UPSTREAM_KEY}`;
const pool = new Pool(upstream.origin, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });

const server = createServer((req, res) => {
  const path = upstream.pathname + (req.url ?? "/").slice(API_PREFIX.length);
  pool
    .request({
      method: "POST",
      path,
      headers: { "content-type": "application/json", authorization },
      body: req,
    })
    .then(({ statusCode, headers, body }) => {
      res.writeHead(statusCode, { "content-type": String(headers["content-type"] ?? "application/json") });
      body.pipe(res);
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  serveParent(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pool.close();
  });
  send({
    type: "ready",
    pid: process.pid,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key: "",
    detail: {},
  });
});
