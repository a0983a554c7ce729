import type { RawData } from "ws";
import { badRequest, type GatewayError } from "../../core/errors";
import { MAX_JSON_DEPTH, pathBeyondDepth } from "../../gateway/json-limits";

/** A `response.create` as the socket runs it: the HTTP create body (streamed) and the lane it names. */
export interface ResponseCreate {
  /** `stream_id`: requests on one lane run in order, lanes run side by side; undefined is the default lane. */
  lane: string | undefined;
  body: Record<string, unknown>;
}

/** OpenAI's lane ids (what the SDK accepts for `stream_id`). */
const LANE_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * Reads one client message. Only `response.create` is served; its body is the HTTP create body without the
 * transport's fields (`stream` is implicit, `background` is not supported over a socket, as on OpenAI).
 * Anything else is refused with the error the socket reports, naming the field.
 */
export function parseClientMessage(data: RawData, isBinary: boolean): ResponseCreate {
  if (isBinary) throw badRequest("binary messages are not supported: send each event as a JSON text message", null, "invalid_message");
  let message: unknown;
  try {
    message = JSON.parse(data.toString());
  } catch {
    throw badRequest("message is not valid JSON", null, "invalid_json");
  }
  if (!message || typeof message !== "object" || Array.isArray(message)) throw badRequest("message must be a JSON object with a `type`", "type", "invalid_message");
  const tooDeep = pathBeyondDepth(message);
  if (tooDeep !== null) throw badRequest(`message nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`, tooDeep, "json_too_deep");
  const { type, stream_id: lane, stream: _stream, background, ...body } = message as Record<string, unknown>;
  if (type !== "response.create")
    throw badRequest(
      typeof type === "string" ? `unsupported event type '${type}': this socket accepts response.create` : "type: must be 'response.create'",
      "type",
      "unknown_event_type",
    );
  if (lane !== undefined && (typeof lane !== "string" || !LANE_ID.test(lane)))
    throw badRequest("stream_id: must be 1-256 letters, digits, _, . or -", "stream_id");
  if (background === true) throw badRequest("background: is not supported over a WebSocket; use POST /responses", "background", "unsupported_parameter");
  return { lane, body: { ...body, stream: true } };
}

/** OpenAI's `error` event of a Responses WebSocket: the HTTP error body with its status (and the lane, if any). */
export function errorEvent(error: GatewayError, lane: string | undefined) {
  const headers = Object.keys(error.headers).length > 0 ? { headers: error.headers } : {};
  return {
    type: "error",
    status: error.status,
    error: { ...error.toBody().error, ...headers },
    ...(lane !== undefined ? { stream_id: lane } : {}),
  };
}
