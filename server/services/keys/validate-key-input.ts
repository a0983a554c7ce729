import { inArray } from "drizzle-orm";
import type { Db } from "../../db";
import { models } from "../../db/schema";
import { invalidIpRanges } from "../../net/ip-ranges";

export type KeyInputProblem = "unknown_model" | "expiry_in_past" | "invalid_limit" | "invalid_rpm" | "invalid_ip_range";

/** A key option the caller got wrong; `models` lists the unknown ids for "unknown_model". */
export class KeyInputError extends Error {
  constructor(
    readonly problem: KeyInputProblem,
    message: string,
    readonly models: string[] = [],
  ) {
    super(message);
    this.name = "KeyInputError";
  }
}

/** Checks a new key's options against the catalog and the clock; throws KeyInputError. */
export async function validateKeyInput(
  db: Db,
  input: { limitMicro?: number; rpm?: number; allowedModels?: string[]; allowedIps?: string[]; expiresAt?: Date },
  now = new Date(),
): Promise<void> {
  if (input.limitMicro !== undefined && (!Number.isSafeInteger(input.limitMicro) || input.limitMicro <= 0)) {
    throw new KeyInputError("invalid_limit", "the spend limit must be greater than zero");
  }
  if (input.rpm !== undefined && (!Number.isInteger(input.rpm) || input.rpm <= 0)) {
    throw new KeyInputError("invalid_rpm", "the requests-per-minute limit must be a positive whole number");
  }
  const badRanges = invalidIpRanges(input.allowedIps ?? []);
  if (badRanges.length > 0) throw new KeyInputError("invalid_ip_range", `not an IP address or CIDR range: ${badRanges.join(", ")}`);
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new KeyInputError("expiry_in_past", "the expiry date must be in the future");
  }
  const wanted = [...new Set(input.allowedModels ?? [])];
  if (wanted.length > 0) {
    const found = await db.select({ id: models.id }).from(models).where(inArray(models.id, wanted));
    const known = new Set(found.map((row) => row.id));
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new KeyInputError("unknown_model", `unknown model: ${unknown.join(", ")}`, unknown);
  }
}
