import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { KeyCacheSettings } from "../../core/principal";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import { MAX_CACHE_TTL_SECONDS, MIN_CACHE_TTL_SECONDS } from "../../gateway/cache/directive";

/** A change to a key's response-cache settings: any of the three. */
export const keyCacheSettingsPatch = z
  .object({
    mode: z.enum(["off", "on"]),
    ttlSeconds: z.number().int().min(MIN_CACHE_TTL_SECONDS).max(MAX_CACHE_TTL_SECONDS),
    shared: z.boolean(),
  })
  .partial()
  .strict();

export type KeyCacheSettingsPatch = z.infer<typeof keyCacheSettingsPatch>;

const columns = { mode: apiKeys.cacheMode, ttlSeconds: apiKeys.cacheTtlSeconds, shared: apiKeys.cacheShared };

/** The owner's key's settings; undefined when the user has no such key. */
export async function getKeyCacheSettings(db: Db, userId: string, keyId: string): Promise<KeyCacheSettings | undefined> {
  const [row] = await db
    .select(columns)
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)));
  return row;
}

/**
 * Changes the owner's key's settings (validated: a ZodError names the field) and returns them; undefined when the user
 * has no such key. Gateways apply the change within a few seconds (their key cache).
 */
export async function updateKeyCacheSettings(db: Db, userId: string, keyId: string, patch: KeyCacheSettingsPatch): Promise<KeyCacheSettings | undefined> {
  const change = keyCacheSettingsPatch.parse(patch);
  if (Object.keys(change).length === 0) return getKeyCacheSettings(db, userId, keyId);
  const [row] = await db
    .update(apiKeys)
    .set({ cacheMode: change.mode, cacheTtlSeconds: change.ttlSeconds, cacheShared: change.shared })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
    .returning(columns);
  return row;
}
