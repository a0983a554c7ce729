import { and, eq } from "drizzle-orm";
import type { Db } from "./client";
import { apiKeys, orgMembers, organizations, users } from "./schema";

/**
 * An API key with its owner's disabled flag and, for an organization's key, the member who made it (null once they
 * left) and their monthly limit, in one query (add the `where`). The gateway's identify and the batch worker build
 * their principals from it.
 */
export function selectKeyWithMember(db: Db) {
  return db
    .select({
      key: apiKeys,
      userDisabledAt: users.disabledAt,
      orgId: organizations.id,
      memberUserId: orgMembers.userId,
      memberLimitMicro: orgMembers.monthlyLimitMicro,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(organizations, eq(organizations.walletUserId, apiKeys.userId))
    .leftJoin(orgMembers, and(eq(orgMembers.orgId, organizations.id), eq(orgMembers.userId, apiKeys.createdByUserId)));
}

type KeyWithMember = Awaited<ReturnType<ReturnType<typeof selectKeyWithMember>["where"]>>[number];

/**
 * Why the key may not be used now (the 401 message the gateway answers), or undefined when it may: revoked,
 * disabled, expired, its owner disabled, or an organization's key whose maker is no longer a member (its spending
 * would count towards no one's limit).
 */
export function keyRefusal(row: KeyWithMember | undefined, now = Date.now()): string | undefined {
  if (!row) return "invalid API key";
  const { key } = row;
  if (key.revokedAt) return "this API key has been revoked";
  if (key.disabledAt && key.disabledReason === "spend_anomaly")
    return "this API key was paused after unusual spending; its owner can re-enable it in the portal";
  if (key.disabledAt) return "this API key is disabled";
  if (row.userDisabledAt) return "this account is disabled";
  if (key.expiresAt && key.expiresAt.getTime() <= now) return "this API key has expired";
  if (key.createdByUserId && row.orgId && !row.memberUserId) return "this API key's maker is no longer a member of its organization";
  return undefined;
}
