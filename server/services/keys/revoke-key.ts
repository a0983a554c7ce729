import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { toKeyView, type KeyView } from "./key-view";

/**
 * Revokes one of the user's keys for good (sets revokedAt; nothing clears it). Idempotent: revoking
 * again keeps the first time. The key stays listed as revoked. Null when the key is not theirs. `actorId`: who did
 * it when not the owner (a member acting on an organization's key).
 */
export async function revokeKey(db: Db, userId: string, keyId: string, source?: RequestSource, actorId?: string): Promise<KeyView | null> {
  return db.transaction(async (tx) => {
    const owned = and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId));
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(owned, isNull(apiKeys.revokedAt)))
      .returning();
    if (revoked) {
      await recordAuditEvent(tx, { kind: "key.revoked", userId, actorId, subject: keyId, source, data: { name: revoked.name } });
      return toKeyView(revoked);
    }
    const [existing] = await tx.select().from(apiKeys).where(owned);
    return existing ? toKeyView(existing) : null;
  });
}
