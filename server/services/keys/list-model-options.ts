import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { models } from "../../db/schema";

/** Catalog models a key can be limited to (the allowlist choices), by provider then id. */
export async function listModelOptions(db: Db) {
  return db
    .select({ id: models.id, name: models.name, provider: models.provider, kind: models.kind })
    .from(models)
    .where(eq(models.enabled, true))
    .orderBy(asc(models.provider), asc(models.id));
}
