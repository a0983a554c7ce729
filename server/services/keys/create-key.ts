import { displayPrefix, generateApiKey, hashApiKey } from "../../auth/api-key";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import { newId } from "../../ids";
import { validateKeyInput } from "./validate-key-input";

export interface CreateKeyInput {
  userId: string;
  name?: string;
  limitMicro?: number;
  limitPeriod?: "day" | "week" | "month" | "total";
  rpm?: number;
  allowedModels?: string[];
  expiresAt?: Date;
}

export interface CreateKeyOptions {
  /**
   * Check the options first (positive limit and RPM, catalog model ids, future expiry) and insert in
   * the same transaction; throws `KeyInputError`. The portal always validates; the CLI and tests may not.
   */
  validate?: boolean;
}

/** Creates an API key. The returned `key` is the only time the full key exists outside the client. */
export async function createKey(db: Db, input: CreateKeyInput, options: CreateKeyOptions = {}) {
  if (options.validate) {
    return db.transaction(async (tx) => {
      await validateKeyInput(tx, input);
      return insertKey(tx, input);
    });
  }
  return insertKey(db, input);
}

async function insertKey(db: Db, input: CreateKeyInput) {
  const key = generateApiKey();
  const allowedModels = input.allowedModels && input.allowedModels.length > 0 ? [...new Set(input.allowedModels)] : undefined;
  const [record] = await db
    .insert(apiKeys)
    .values({
      id: newId("key"),
      userId: input.userId,
      name: input.name ?? "default",
      hash: hashApiKey(key),
      prefix: displayPrefix(key),
      limitMicro: input.limitMicro,
      limitPeriod: input.limitMicro === undefined ? undefined : (input.limitPeriod ?? "month"),
      rpm: input.rpm,
      allowedModels,
      expiresAt: input.expiresAt,
    })
    .returning();
  return { key, record: record! };
}
