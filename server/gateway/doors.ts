import type { IncomingMessage, ServerResponse } from "node:http";
import { corkPerTick } from "../net/cork-per-tick";
import { handleApiRequest, MAX_BODY_BYTES, type ApiRequest } from "./api";
import { GatewayError } from "./errors";
import type { Principal } from "./identify";
import type { ResponseSink } from "./sink";

const tooLarge = () =>
  new GatewayError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`, "invalid_request_error", "request_too_large");

/** Door 1: node:http (the production server), no framework in between. */
export function serveNodeApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const apiRequest: ApiRequest = {
    method: req.method ?? "GET",
    path,
    query,
    authorization: req.headers.authorization,
    signal: abort.signal,
    readBody: async () => {
      const parts: Buffer[] = [];
      let size = 0;
      for await (const part of req as AsyncIterable<Buffer>) {
        size += part.length;
        if (size > MAX_BODY_BYTES) throw tooLarge();
        parts.push(part);
      }
      return Buffer.concat(parts).toString("utf8");
    },
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
    end: (last) => void (last === undefined ? res.end() : res.end(last)),
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
        if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
        return text;
      },
    };
    handleApiRequest(apiRequest, sink).catch(reject);
  });
}
