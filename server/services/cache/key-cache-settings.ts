import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { keyCacheSettings, type KeyCacheSettings } from "../../core/principal";
import type { Db } from "../../db";
import { apiKeys, models } from "../../db/schema";
import { MAX_CACHE_TTL_SECONDS, MIN_CACHE_TTL_SECONDS } from "../../gateway/cache/directive";
import { MAX_SEMANTIC_THRESHOLD, MIN_SEMANTIC_THRESHOLD } from "../../gateway/cache/semantic-threshold";
import { KeyInputError } from "../keys/validate-key-input";

/** A change to a key's response-cache settings: any of them. */
export const keyCacheSettingsPatch = z
  .object({
    mode: z.enum(["off", "on"]),
    ttlSeconds: z.number().int().min(MIN_CACHE_TTL_SECONDS).max(MAX_CACHE_TTL_SECONDS),
    shared: z.boolean(),
    semantic: z.boolean(),
    semanticThreshold: z.number().min(MIN_SEMANTIC_THRESHOLD).max(MAX_SEMANTIC_THRESHOLD),
    /** A catalog embedding model, or null for the deployment's default. */
    semanticModel: z.string().min(1).max(200).nullable(),
  })
  .partial()
  .strict();

export type KeyCacheSettingsPatch = z.infer<typeof keyCacheSettingsPatch>;

const columns = {
  cacheMode: apiKeys.cacheMode,
  cacheTtlSeconds: apiKeys.cacheTtlSeconds,
  cacheShared: apiKeys.cacheShared,
  cacheSemantic: apiKeys.cacheSemantic,
  cacheSemanticThreshold: apiKeys.cacheSemanticThreshold,
  cacheSemanticModel: apiKeys.cacheSemanticModel,
};

/** The owner's key's settings; undefined when the user has no such key. */
export async function getKeyCacheSettings(db: Db, userId: string, keyId: string): Promise<KeyCacheSettings | undefined> {
  const [row] = await db
    .select(columns)
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)));
  return row && keyCacheSettings(row);
}

/**
 * Changes the owner's key's settings (validated: a ZodError names the field; a KeyInputError `unknown_model` when
 * the semantic model is not an embedding model of the catalog) and returns them; undefined when the user has no
 * such key. Gateways apply the change within a few seconds (their key cache).
 */
export async function updateKeyCacheSettings(db: Db, userId: string, keyId: string, patch: KeyCacheSettingsPatch): Promise<KeyCacheSettings | undefined> {
  const change = keyCacheSettingsPatch.parse(patch);
  if (Object.keys(change).length === 0) return getKeyCacheSettings(db, userId, keyId);
  if (change.semanticModel) await checkEmbeddingModel(db, change.semanticModel);
  const [row] = await db
    .update(apiKeys)
    .set({
      cacheMode: change.mode,
      cacheTtlSeconds: change.ttlSeconds,
      cacheShared: change.shared,
      cacheSemantic: change.semantic,
      cacheSemanticThreshold: change.semanticThreshold,
      cacheSemanticModel: change.semanticModel,
    })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
    .returning(columns);
  return row && keyCacheSettings(row);
}

async function checkEmbeddingModel(db: Db, id: string): Promise<void> {
  const [row] = await db
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.id, id), eq(models.kind, "embedding"), eq(models.enabled, true)));
  if (!row) throw new KeyInputError("unknown_model", `unknown model: ${id} is not an embedding model of the catalog`, [id]);
}
