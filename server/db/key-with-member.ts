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

/** One row of `selectKeyWithMember`. */
export type KeyWithMember = Awaited<ReturnType<ReturnType<typeof selectKeyWithMember>["where"]>>[number];
