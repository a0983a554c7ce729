import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { getLogger } from "../logging/logger";

/** Headers read per request; Node's default is 2,000 (the total size is capped at 16 KB either way). */
export const MAX_HEADERS_COUNT = 100;

/**
 * Node drops the headers past MAX_HEADERS_COUNT without a word, and a proxy may append X-Forwarded-For after the
 * client's own: a request that reached the count is answered 431 (what Node answers for headers too large), so
 * padding with headers cannot pass a client off as its trusted proxy. Returns true when it answered.
 */
export function refuseCutHeaders(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.rawHeaders.length < MAX_HEADERS_COUNT * 2) return false;
  res.writeHead(431, { connection: "close" }).end();
  return true;
}

export interface ConnectionLimits {
  /** Connections one address may hold open at once; 0 for no cap. */
  maxPerIp: number;
  /** Addresses not counted: trusted proxies carry the connections of many clients. */
  exempt: (ip: string) => boolean;
}

/**
 * Limits what one client can hold of the server. Past `maxPerIp` open connections from one address, a new one is
 * closed at once, before anything is read from it, so slow clients hoarding sockets cost at most that many. Only
 * connections open at the same time count, never how long one lasts, so a long stream is not cut.
 */
export function limitConnections(server: Server, { maxPerIp, exempt }: ConnectionLimits): void {
  server.maxHeadersCount = MAX_HEADERS_COUNT;
  if (maxPerIp === 0) return;
  const open = new Map<string, number>();
  // Addresses refused since they reached the cap: one warning per such stretch, not one per connection.
  const reported = new Set<string>();
  server.on("connection", (socket: Socket) => {
    const ip = socket.remoteAddress;
    if (ip === undefined || exempt(ip)) return;
    const count = open.get(ip) ?? 0;
    if (count >= maxPerIp) {
      socket.destroy();
      if (!reported.has(ip)) {
        reported.add(ip);
        getLogger().warn({ ip, open: count }, "connection refused: too many open connections from one address");
      }
      return;
    }
    open.set(ip, count + 1);
    socket.once("close", () => {
      const left = open.get(ip)! - 1;
      if (left === 0) open.delete(ip);
      else open.set(ip, left);
      reported.delete(ip);
    });
  });
}
