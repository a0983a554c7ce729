import type { z } from "zod";
import { badRequest } from "../core/errors";

/** Parses a request body with its zod schema; the first problem becomes a 400 naming the field. */
export function validate<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined) throw badRequest("request body must be JSON", null, "invalid_json");
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join(".") || null;
  const message =
    issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
  throw badRequest(param ? `${param}: ${message}` : message, param);
}
