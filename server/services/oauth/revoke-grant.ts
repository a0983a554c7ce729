import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, oauthGrants } from "../../db/schema";

/**
 * Revokes grants and their API keys (so the gateway refuses their access tokens and nothing more can be
 * spent through them). Idempotent. Returns the ids that were live.
 */
export async function revokeGrantsWhere(db: Db, grantIds: string[], now = new Date()): Promise<string[]> {
  if (grantIds.length === 0) return [];
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(oauthGrants)
      .set({ revokedAt: now, updatedAt: now })
      .where(and(inArray(oauthGrants.id, grantIds), isNull(oauthGrants.revokedAt)))
      .returning({ id: oauthGrants.id, keyId: oauthGrants.keyId });
    const keyIds = revoked.map((g) => g.keyId).filter((id): id is string => id !== null);
    if (keyIds.length > 0) await tx.update(apiKeys).set({ revokedAt: now }).where(and(inArray(apiKeys.id, keyIds), isNull(apiKeys.revokedAt)));
    return revoked.map((g) => g.id);
  });
}

/** The user revokes a remembered consent in the portal; false when the grant is not theirs. */
export async function revokeGrant(db: Db, userId: string, grantId: string): Promise<boolean> {
  const [grant] = await db
    .select({ id: oauthGrants.id })
    .from(oauthGrants)
    .where(and(eq(oauthGrants.id, grantId), eq(oauthGrants.userId, userId)));
  if (!grant) return false;
  await revokeGrantsWhere(db, [grant.id]);
  return true;
}
