import { ServerResponse, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { getConfig } from "../../config";
import { GatewayError, toGatewayError } from "../../core/errors";
import { appAttribution } from "../../gateway/app-attribution";
import { assertNotBlocked, countAuthFailure } from "../../gateway/auth-throttle";
import { identify } from "../../gateway/identify";
import { MAX_BODY_BYTES } from "../../gateway/request-body";
import { getLogger } from "../../logging/logger";
import { requestClientIp } from "../../net/client-ip";
import { refuseCutHeaders } from "../../net/connection-limits";
import { refuseByIpLists } from "../ip-access/refuse-by-ip-lists";
import { refuseNodeApi } from "./doors";
import { runResponsesSocket } from "./responses-socket-session";

/** Where the Responses API's WebSocket mode is served: the same path as POST /responses, under both API prefixes. */
const SOCKET_PATHS = new Set(["/api/v1/responses", "/v1/responses"]);
const API_PREFIXES = ["/api/v1/", "/v1/"];

export interface ResponseSockets {
  /** Closes every open socket (1001, going away): the process is stopping. */
  close(): void;
  /** Closes (1001) the open sockets with no response queued or running; returns how many are still busy (a drain). */
  closeIdle(): number;
}

/** An HTTP answer on the socket of an upgrade request that is refused: the connection closes after it. */
function answerOn(req: IncomingMessage, socket: Socket): ServerResponse {
  const res = new ServerResponse(req);
  res.assignSocket(socket);
  res.shouldKeepAlive = false;
  res.on("finish", () => {
    res.detachSocket(socket);
    socket.destroySoon();
  });
  return res;
}

const notFound = (path: string) => new GatewayError(404, `no WebSocket route ${path}`, "not_found_error", "route_not_found");
const tooManySockets = (max: number) =>
  new GatewayError(429, `this API key already holds ${max} open Responses WebSockets; close one first`, "rate_limit_error", "too_many_websockets");

/**
 * Serves the Responses API's WebSocket mode on `server` (OpenAI's `wss://…/v1/responses`). An upgrade passes what an
 * HTTP request passes first (cut headers, the IP lists, the auth throttle, the key and its IP allowlist), then the
 * key's socket cap; a refusal is an HTTP answer in OpenAI's error shape, before anything is upgraded. Upgrades to
 * other paths are answered 404. The server's per-IP connection cap counts upgraded sockets like any connection.
 */
export function serveResponseSockets(server: Server): ResponseSockets {
  // A message larger than an HTTP body is refused the WebSocket way: the socket closes with 1009 (message too big).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES, perMessageDeflate: false });
  const perKey = new Map<string, number>();
  const open = new Map<WebSocket, { busy: () => boolean }>();

  async function upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const res = answerOn(req, socket);
    if (refuseCutHeaders(req, res)) return;
    const ip = requestClientIp(req);
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const api = API_PREFIXES.some((prefix) => pathname.startsWith(prefix));
    if (refuseByIpLists(res, ip, pathname, api)) return;
    if (!SOCKET_PATHS.has(pathname)) {
      if (api) refuseNodeApi(res, notFound(pathname));
      else res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404 Not Found\n");
      return;
    }
    let keyId: string;
    try {
      assertNotBlocked(ip);
      keyId = (await identify(req.headers.authorization, "chat", ip)).keyId;
    } catch (err) {
      let error = toGatewayError(err);
      if (error.status === 401) error = await countAuthFailure(ip, error);
      refuseNodeApi(res, error);
      return;
    }
    const { XROUTER_WS_MAX_PER_KEY: maxPerKey, XROUTER_WS_IDLE_TIMEOUT_MS: idleTimeoutMs } = getConfig();
    const held = perKey.get(keyId) ?? 0;
    if (held >= maxPerKey) return refuseNodeApi(res, tooManySockets(maxPerKey));
    res.detachSocket(socket);
    // Synchronous from the check above: two upgrades of one key cannot both pass the cap.
    wss.handleUpgrade(req, socket, head, (ws) => {
      perKey.set(keyId, (perKey.get(keyId) ?? 0) + 1);
      ws.once("close", () => {
        open.delete(ws);
        const left = perKey.get(keyId)! - 1;
        if (left === 0) perKey.delete(keyId);
        else perKey.set(keyId, left);
      });
      const session = runResponsesSocket(ws, {
        authorization: req.headers.authorization,
        clientIp: ip,
        app: appAttribution((name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value[0] : value;
        }),
        idleTimeoutMs,
      });
      open.set(ws, session);
    });
  }

  // Node hands an upgrade the connection's net.Socket (typed as a Duplex).
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrade(req, socket, head).catch((err: unknown) => {
      getLogger().error({ err }, "responses socket upgrade failed");
      socket.destroy();
    });
  });
  return {
    close: () => {
      for (const ws of open.keys()) ws.close(1001, "server shutting down");
    },
    closeIdle: () => {
      let busy = 0;
      for (const [ws, session] of open) {
        if (session.busy()) busy++;
        else if (ws.readyState === ws.OPEN) ws.close(1001, "server shutting down");
      }
      return busy;
    },
  };
}
