import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, requests } from "../../db/schema";
import { MAX_RANGE_DAYS } from "./filters";

export interface UsageFilterOptions {
  /** Models the user called in the last year, alphabetically. */
  models: string[];
  /** All the user's keys, revoked ones included (their history stays). */
  keys: { id: string; name: string; prefix: string; revoked: boolean }[];
}

/** What the activity filter bar can offer this user: only their own models and keys. */
export async function listUsageFilterOptions(db: Db, userId: string, now = new Date()): Promise<UsageFilterOptions> {
  const since = new Date(now.getTime() - MAX_RANGE_DAYS * 86_400_000);
  const [models, keys] = await Promise.all([
    db
      .selectDistinct({ model: requests.model })
      .from(requests)
      .where(and(eq(requests.userId, userId), gte(requests.createdAt, since)))
      .orderBy(asc(requests.model))
      .limit(500),
    db
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.userId, userId))
      .orderBy(asc(apiKeys.name), asc(apiKeys.createdAt)),
  ]);
  return {
    models: models.map((row) => row.model),
    keys: keys.map(({ revokedAt, ...key }) => ({ ...key, revoked: revokedAt !== null })),
  };
}
