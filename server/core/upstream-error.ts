/** An upstream provider answered with an error, or could not be reached. */
export class UpstreamError extends Error {
  constructor(
    /** HTTP status to surface: the upstream's, or 502/504 when it could not be reached. */
    readonly status: number,
    message: string,
    readonly options: {
      /** OpenAI-style error code, e.g. "rate_limit_exceeded", "context_length_exceeded". */
      code?: string;
      /** Seconds the upstream asked us to wait (Retry-After), if any. */
      retryAfterSeconds?: number;
      /** True for connection errors, timeouts, 429 and 5xx: worth retrying elsewhere. */
      retryable?: boolean;
    } = {},
  ) {
    super(message);
    this.name = "UpstreamError";
  }

  get retryable(): boolean {
    return this.options.retryable ?? (this.status === 429 || this.status >= 500);
  }
}

/**
 * True for an UpstreamError from any module graph: the production server and Next's bundle each load their
 * own copy of this class, so `instanceof` fails across them.
 */
export function isUpstreamError(err: unknown): err is UpstreamError {
  return err instanceof Error && err.name === "UpstreamError" && typeof (err as UpstreamError).status === "number";
}
