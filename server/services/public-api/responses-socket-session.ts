import type { WebSocket } from "ws";
import { GatewayError, toGatewayError } from "../../core/errors";
import type { AppAttribution } from "../../gateway/app-attribution";
import { identify } from "../../gateway/identify";
import { newRequestId, type RequestContext } from "../../gateway/pipeline/context";
import type { ResponsesTransport } from "../../gateway/responses/endpoint";
import type { ConversationItem } from "../../gateway/responses/translate-request";
import type { ResponseSink } from "../../gateway/sink";
import { getAccessLogger, getLogger, withRequestId } from "../../logging/logger";
import { createResponse } from "../responses/create-response";
import { errorEvent, parseClientMessage, type ResponseCreate } from "./responses-socket-messages";

/** OpenAI's limits of one connection: responses queued or running, and named lanes. */
export const MAX_RESPONSES_PER_SOCKET = 16;
export const MAX_LANES_PER_SOCKET = 32;

export interface SocketCaller {
  authorization: string | undefined;
  clientIp: string;
  app: AppAttribution | undefined;
  idleTimeoutMs: number;
}

const clientClosed = () => new GatewayError(499, "client closed the request", "invalid_request_error", "client_closed_request");

/**
 * One Responses WebSocket: each `response.create` runs the same pipeline as POST /responses (holds, routing,
 * fallbacks, limits, records), its events sent one JSON message each. Requests on one lane (`stream_id`) run in
 * order, lanes side by side. The latest response of each lane is kept in memory for the socket's life, so
 * `previous_response_id` continues from it even with `store: false`. Closing the socket stops what runs: a
 * stream cut that way is billed and recorded like an HTTP client that left (499).
 */
export function runResponsesSocket(ws: WebSocket, caller: SocketCaller): { busy: () => boolean } {
  const lanes = new Map<string | undefined, Promise<void>>();
  const latest = new Map<string | undefined, { id: string; items: ConversationItem[] }>();
  const running = new Set<AbortController>();
  let queued = 0;
  let closed = false;
  let idle: NodeJS.Timeout | undefined;

  const send = (message: object) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const restartIdle = () => {
    clearTimeout(idle);
    idle = queued > 0 ? undefined : setTimeout(() => ws.close(1000, `idle for ${caller.idleTimeoutMs} ms`), caller.idleTimeoutMs);
  };
  const recall = (id: string) => [...latest.values()].find((entry) => entry.id === id)?.items;

  async function run({ lane, body }: ResponseCreate): Promise<void> {
    const requestId = newRequestId();
    const abort = new AbortController();
    const ctx: RequestContext = { requestId, signal: abort.signal, startedAt: Date.now(), app: caller.app };
    running.add(abort);
    let status = 200;
    const transport: ResponsesTransport = {
      events: () => (event) => send(lane === undefined ? event : { ...event, stream_id: lane }),
      answered: (response, input) => {
        latest.set(lane, { id: response.id, items: [...input, ...(response.output as ConversationItem[])] });
      },
    };
    // Events go out through the transport; a socket has no status line or headers to send. The pipeline ends the sink
    // after a stream's last event, which may leave after createResponse returned (once the charge is marked): until
    // then the response keeps its lane, and the socket, busy.
    let started = false;
    let ended!: () => void;
    const sent = new Promise<void>((resolve) => (ended = resolve));
    const sink: ResponseSink = { start: () => void (started = true), write: () => undefined, end: () => ended() };
    const closed = new Promise<void>((resolve) => abort.signal.addEventListener("abort", () => resolve(), { once: true }));
    await withRequestId(requestId, async () => {
      try {
        // The key is checked again for every response, as for every HTTP request: a revoked key stops here.
        const principal = await identify(caller.authorization, "chat", caller.clientIp);
        await createResponse(body, principal, ctx, sink, { transport, recall });
        if (started) await Promise.race([sent, closed]);
      } catch (err) {
        const error = abort.signal.aborted ? clientClosed() : toGatewayError(err);
        status = error.status;
        if (error.status >= 500) getLogger().error({ err }, "request failed");
        send(errorEvent(error, lane));
        if (error.status === 401) ws.close(1008, "the API key is no longer valid");
      } finally {
        running.delete(abort);
        getAccessLogger().info(
          { method: "WS", path: "/responses", status, ms: Date.now() - ctx.startedAt, aborted: abort.signal.aborted, ip: caller.clientIp },
          "api request",
        );
      }
    });
  }

  function enqueue(create: ResponseCreate): void {
    if (queued >= MAX_RESPONSES_PER_SOCKET)
      throw limitReached(`at most ${MAX_RESPONSES_PER_SOCKET} responses may be queued or running on one connection`);
    if (create.lane !== undefined && !lanes.has(create.lane) && lanes.size >= MAX_LANES_PER_SOCKET)
      throw limitReached(`at most ${MAX_LANES_PER_SOCKET} lanes (stream_id) may be used on one connection`);
    queued++;
    restartIdle();
    const previous = lanes.get(create.lane) ?? Promise.resolve();
    lanes.set(
      create.lane,
      previous
        .then(() => (closed ? undefined : run(create)))
        .finally(() => {
          queued--;
          if (!closed) restartIdle();
        }),
    );
  }

  ws.on("message", (data, isBinary) => {
    restartIdle();
    let create: ResponseCreate | undefined;
    try {
      create = parseClientMessage(data, isBinary);
      enqueue(create);
    } catch (err) {
      send(errorEvent(toGatewayError(err), create?.lane));
    }
  });
  ws.on("error", (err) => getLogger().debug({ err }, "responses socket error"));
  ws.on("close", () => {
    closed = true;
    clearTimeout(idle);
    for (const abort of running) abort.abort();
  });
  restartIdle();
  return { busy: () => queued > 0 };
}

const limitReached = (message: string) => new GatewayError(429, message, "rate_limit_error", "websocket_stream_limit_reached");

