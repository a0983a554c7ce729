import { displayPrefix, generateApiKey, hashApiKey } from "../../core/api-key";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import { newId } from "../../ids";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { validateKeyInput } from "./validate-key-input";

export interface CreateKeyInput {
  userId: string;
  /** The member making an organization's key (its wallet is `userId`); the audit log names them as the actor. */
  createdByUserId?: string;
  name?: string;
  limitMicro?: number;
  limitPeriod?: "day" | "week" | "month" | "total";
  rpm?: number;
  allowedModels?: string[];
  /** IP addresses and CIDR ranges the key may be used from; empty or absent allows any address. */
  allowedIps?: string[];
  expiresAt?: Date;
  /** Pause the key, not only mail the owner, when its spending looks unusual. */
  pauseOnAnomaly?: boolean;
}

export interface CreateKeyOptions {
  /**
   * Check the options first (positive limit and RPM, catalog model ids, IP ranges, future expiry) and insert in
   * the same transaction; throws `KeyInputError`. The portal always validates; the CLI and tests may not.
   */
  validate?: boolean;
  /** Where the request came from, for the audit log. */
  source?: RequestSource;
}

/** Creates an API key. The returned `key` is the only time the full key exists outside the client. */
export async function createKey(db: Db, input: CreateKeyInput, options: CreateKeyOptions = {}) {
  return db.transaction(async (tx) => {
    if (options.validate) await validateKeyInput(tx, input);
    const created = await insertKey(tx, input);
    const { record } = created;
    await recordAuditEvent(tx, {
      kind: "key.created",
      userId: input.userId,
      actorId: input.createdByUserId,
      subject: record.id,
      source: options.source,
      data: { name: record.name, limitMicro: record.limitMicro, limitPeriod: record.limitPeriod, rpm: record.rpm, allowedIps: record.allowedIps, pauseOnAnomaly: record.pauseOnAnomaly },
    });
    return created;
  });
}

async function insertKey(db: Db, input: CreateKeyInput) {
  const key = generateApiKey();
  const allowedModels = input.allowedModels && input.allowedModels.length > 0 ? [...new Set(input.allowedModels)] : undefined;
  const [record] = await db
    .insert(apiKeys)
    .values({
      id: newId("key"),
      userId: input.userId,
      createdByUserId: input.createdByUserId,
      name: input.name ?? "default",
      hash: hashApiKey(key),
      prefix: displayPrefix(key),
      limitMicro: input.limitMicro,
      limitPeriod: input.limitMicro === undefined ? undefined : (input.limitPeriod ?? "month"),
      rpm: input.rpm,
      allowedModels,
      allowedIps: input.allowedIps && input.allowedIps.length > 0 ? [...new Set(input.allowedIps)] : undefined,
      expiresAt: input.expiresAt,
      pauseOnAnomaly: input.pauseOnAnomaly,
    })
    .returning();
  return { key, record: record! };
}
