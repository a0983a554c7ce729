import { randomUUID } from "node:crypto";

/** An API error, answered in YooKassa's error shape (§6.1): `type: "error"`, a fresh id, code, description... */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly parameter?: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }

  toBody() {
    return {
      type: "error",
      id: randomUUID(),
      code: this.code,
      description: this.description,
      ...(this.parameter ? { parameter: this.parameter } : {}),
      ...(this.retryAfter !== undefined ? { retry_after: this.retryAfter } : {}),
    };
  }
}

export const invalid = (description: string, parameter?: string) =>
  new ApiError(400, "invalid_request", description, parameter);

export const resourceNotFound = () => new ApiError(404, "not_found", "Resource not found");

export const internalServerError = () => new ApiError(500, "internal_server_error", "Internal server error");
