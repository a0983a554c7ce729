import { displayPrefix, generateApiKey, hashApiKey } from "../../auth/api-key";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import { newId } from "../../ids";

export interface CreateKeyInput {
  userId: string;
  name?: string;
  limitMicro?: number;
  limitPeriod?: "day" | "week" | "month" | "total";
  rpm?: number;
  allowedModels?: string[];
  expiresAt?: Date;
}

/** Creates an API key. The returned `key` is the only time the full key exists outside the client. */
export async function createKey(db: Db, input: CreateKeyInput) {
  const key = generateApiKey();
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
      allowedModels: input.allowedModels,
      expiresAt: input.expiresAt,
    })
    .returning();
  return { key, record: record! };
}
