/** Anonymous form posts and webhooks are a few hundred bytes; this leaves room and bounds what a stranger can make us hold. */
export const ANONYMOUS_BODY_LIMIT = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than ${limitBytes / 1024} KiB`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * A route handler's request body as UTF-8 text, read as it streams and counted on the way: past `limitBytes` the
 * reading stops and BodyTooLargeError is thrown, so no more than the limit is ever held (`request.text()` would
 * buffer it all). A declared Content-Length over the limit is refused before anything is read.
 */
export async function readLimitedText(request: Request, limitBytes = ANONYMOUS_BODY_LIMIT): Promise<string> {
  if (Number(request.headers.get("content-length")) > limitBytes) throw new BodyTooLargeError(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts, size).toString("utf8");
    size += value.byteLength;
    if (size > limitBytes) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limitBytes);
    }
    parts.push(value);
  }
}
