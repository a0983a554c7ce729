import type { IncomingMessage, ServerResponse } from "node:http";
import { corkPerTick } from "../net/cork-per-tick";
import { handleApiRequest, MAX_BODY_BYTES, type ApiRequest } from "./api";
import type { Principal } from "./identify";
import { bodyTooLarge, readNodeBody } from "./request-body";
import type { ResponseSink } from "./sink";

/**
 * Options of the node:http server the API is served from: a client gets this long to send its headers and its
 * whole request, else Node answers a bare 408 (the body's own, shorter limit answers in OpenAI's shape first).
 * Neither covers the response: a long stream is not cut.
 */
export const serverTimeouts = { headersTimeout: 20_000, requestTimeout: 60_000 };

/** Door 1: node:http (the production server), no framework in between. */
export function serveNodeApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
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
    signal: abort.signal,
    readBody: () => readNodeBody(req, (drained) => (draining = drained)),
  };
  const cork = corkPerTick(res);
  const sink: ResponseSink = {
    start: (status, headers) => {
      res.writeHead(status, headers);
      // A stream's headers go out at once; a JSON body leaves with its headers in one write.
      if (!headers["content-length"]) res.flushHeaders();
    },
    write: (chunk) => {
      cork();
      res.write(chunk);
    },
    end: (last) => {
      if (!draining) return void (last === undefined ? res.end() : res.end(last));
      // The answer goes out now; the connection closes once the client has finished sending.
      if (last !== undefined) res.write(last);
      void draining.then(() => res.end());
    },
  };
  return handleApiRequest(apiRequest, sink);
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
