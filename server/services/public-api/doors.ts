import type { IncomingMessage, ServerResponse } from "node:http";
import { requestClientIp } from "../../net/client-ip";
import { corkPerTick } from "../../net/cork-per-tick";
import { handleApiRequest, type ApiRequest } from "./handle-api-request";
import { MAX_BODY_BYTES } from "../../gateway/request-body";
import { newRequestId } from "../../gateway/pipeline/context";
import type { GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { bodyTooLarge, readNodeBody } from "../../gateway/request-body";
import { sendJson, type ResponseSink } from "../../gateway/sink";

/**
 * Options of the node:http server the API is served from: a client gets this long to send its headers and its
 * whole request, else Node answers a bare 408 (the body's own, shorter limit answers in OpenAI's shape first).
 * Neither covers the response: a long stream is not cut.
 */
export const serverTimeouts = { headersTimeout: 20_000, requestTimeout: 60_000 };

/** Door 1: node:http (the production server), no framework in between. server.ts hands on the client IP it computed. */
export function serveNodeApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  clientIp = requestClientIp(req),
): Promise<void> {
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  // Set when the body was refused while still arriving: the rest is being read and thrown away.
  let draining: Promise<void> | undefined;
  const apiRequest: ApiRequest = {
    method: req.method ?? "GET",
    path,
    query,
    authorization: req.headers.authorization,
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    },
    clientIp,
    signal: abort.signal,
    readBody: () => readNodeBody(req, (drained) => (draining = drained)),
  };
  const cork = corkPerTick(res);
  let headersHeld = false;
  const sink: ResponseSink = {
    start: (status, headers) => {
      // A JSON body leaves with its headers in one write. A stream's headers wait for its first chunk (written in
      // the same turn) and leave with it at once, not at the end of the turn: a turn under load lasts milliseconds.
      // Without a chunk in this turn they leave at its end.
      res.writeHead(status, headers);
      if (headers["content-length"]) return;
      cork.hold();
      headersHeld = true;
      res.flushHeaders();
    },
    write: (chunk) => {
      if (headersHeld) {
        headersHeld = false;
        res.write(chunk);
        return cork.release();
      }
      // Later chunks leave once per turn of the event loop.
      cork.hold();
      res.write(chunk);
    },
    end: (last) => {
      // Node 22 loses what a corked response holds when it ends corked: release it first.
      headersHeld = false;
      cork.release();
      if (!draining) return void (last === undefined ? res.end() : res.end(last));
      // The answer goes out now; the connection closes once the client has finished sending.
      if (last !== undefined) res.write(last);
      void draining.then(() => res.end());
    },
  };
  return handleApiRequest(apiRequest, sink);
}

/** Answers an API request with an error before the gateway sees it (server.ts's IP lists); the connection closes. */
export function refuseNodeApi(res: ServerResponse, error: GatewayError): void {
  const sink: ResponseSink = {
    start: (status, headers) => res.writeHead(status, headers),
    write: (chunk) => res.write(chunk),
    end: (last) => res.end(last),
  };
  sendJson(sink, error.status, error.toBody(), { "x-request-id": newRequestId(), connection: "close", ...error.headers });
}

/** Door 2: a Next route handler (used by `next dev`); streams through a ReadableStream. */
export function serveWebApi(request: Request, path: string, principal?: Principal): Promise<Response> {
  const url = new URL(request.url);
  return new Promise<Response>((resolve, reject) => {
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
    });
    const sink: ResponseSink = {
      start: (status, headers) => resolve(new Response(body, { status, headers })),
      write: (chunk) => controller.enqueue(encoder.encode(chunk)),
      end: (last) => {
        if (last !== undefined) controller.enqueue(encoder.encode(last));
        controller.close();
      },
    };
    const apiRequest: ApiRequest = {
      method: request.method,
      path,
      query: url.searchParams,
      authorization: request.headers.get("authorization") ?? undefined,
      header: (name) => request.headers.get(name) ?? undefined,
      // No clientIp: a route handler has no socket, and server.ts never sends the API this way, so this is `next dev`.
      principal,
      signal: request.signal,
      readBody: async () => {
        const text = await request.text();
        if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw bodyTooLarge();
        return text;
      },
    };
    handleApiRequest(apiRequest, sink).catch(reject);
  });
}
