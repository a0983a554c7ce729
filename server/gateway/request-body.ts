import type { IncomingMessage } from "node:http";
import { GatewayError } from "../core/errors";

/** Request bodies above this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Limits on reading request bodies in the node:http door (tests shorten them). */
export const bodySettings = {
  /** The whole body must arrive within this once the gateway asks for it, else 408. */
  timeoutMs: 30_000,
  /** After a 413, at most this much more of the upload is read and thrown away... */
  drainBytes: 16 * 1024 * 1024,
  /** ...for at most this long; then the connection is cut. */
  drainMs: 5_000,
};

export const bodyTooLarge = (headers: Record<string, string> = {}) =>
  new GatewayError(
    413,
    `request body is larger than ${MAX_BODY_BYTES} bytes`,
    "invalid_request_error",
    "request_too_large",
    null,
    headers,
  );

const closing = { connection: "close" };

/**
 * Reads and throws away the rest of a refused upload: a client still writing reads our 413 only if we read on
 * (closing on unread data resets the connection, and it sees ECONNRESET or EPIPE instead). Settles when the upload
 * has ended, or when it is cut off after `drainBytes` or `drainMs`.
 */
function discardRest(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let discarded = 0;
    const cut = () => req.socket.destroy();
    const timer = setTimeout(cut, bodySettings.drainMs);
    const settle = () => {
      clearTimeout(timer);
      resolve();
    };
    req.on("data", (part: Buffer) => {
      discarded += part.length;
      if (discarded > bodySettings.drainBytes) cut();
    });
    req.once("end", settle).once("close", settle);
    req.resume();
  });
}

/**
 * Reads a request body of at most MAX_BODY_BYTES within `bodySettings.timeoutMs`. Past the size it rejects with
 * 413 and hands `onRefused` the rest of the upload being drained: the response should end (and the connection
 * close) only once that settles. Past the time it rejects with 408; both answers close the connection.
 */
export function readNodeBody(req: IncomingMessage, onRefused: (drained: Promise<void>) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) {
      onRefused(discardRest(req));
      return reject(bodyTooLarge(closing));
    }
    const parts: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
    };
    const onData = (part: Buffer) => {
      size += part.length;
      if (size <= MAX_BODY_BYTES) return void parts.push(part);
      stop();
      onRefused(discardRest(req));
      reject(bodyTooLarge(closing));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(parts, size).toString("utf8"));
    };
    const onGone = () => {
      stop();
      reject(new Error("the client closed the connection before sending the whole body"));
    };
    // A body that has already arrived in full cannot be slow: no timer then.
    if (!req.complete)
      timer = setTimeout(() => {
        stop();
        const seconds = bodySettings.timeoutMs / 1000;
        reject(
          new GatewayError(
            408,
            `request body did not arrive within ${seconds} s`,
            "invalid_request_error",
            "request_timeout",
            null,
            closing,
          ),
        );
      }, bodySettings.timeoutMs);
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  });
}
