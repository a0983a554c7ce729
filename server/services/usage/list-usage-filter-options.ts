import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, requests, users } from "../../db/schema";
import { MAX_RANGE_DAYS } from "./filters";

export interface UsageFilterOptions {
  /** Models the user called in the last year, alphabetically. */
  models: string[];
  /** All the user's keys, revoked ones included (their history stays). */
  keys: { id: string; name: string; prefix: string; revoked: boolean; memberId: string | null }[];
  /** An organization's members who made those keys, by e-mail (empty for a personal account). */
  members: { id: string; email: string }[];
}

/** What the activity filter bar can offer this user: only their own models and keys (`createdBy`: that member's keys), and who made them. */
export async function listUsageFilterOptions(db: Db, userId: string, now = new Date(), createdBy?: string): Promise<UsageFilterOptions> {
  const since = new Date(now.getTime() - MAX_RANGE_DAYS * 86_400_000);
  const [models, keys] = await Promise.all([
    db
      .selectDistinct({ model: requests.model })
      .from(requests)
      .where(and(eq(requests.userId, userId), gte(requests.createdAt, since)))
      .orderBy(asc(requests.model))
      .limit(500),
    db
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt, memberId: apiKeys.createdByUserId, memberEmail: users.email })
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
      .where(and(eq(apiKeys.userId, userId), createdBy ? eq(apiKeys.createdByUserId, createdBy) : undefined))
      .orderBy(asc(apiKeys.name), asc(apiKeys.createdAt)),
  ]);
  const members = new Map(keys.flatMap((key) => (key.memberId && key.memberEmail ? [[key.memberId, key.memberEmail] as const] : [])));
  return {
    models: models.map((row) => row.model),
    keys: keys.map(({ revokedAt, memberEmail: _email, ...key }) => ({ ...key, revoked: revokedAt !== null })),
    members: [...members].map(([id, email]) => ({ id, email })).sort((a, b) => a.email.localeCompare(b.email)),
  };
}
