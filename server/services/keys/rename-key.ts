import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { toKeyView, type KeyView } from "./key-view";

/**
 * Renames one of the user's keys (revoked ones too, so the list stays readable); null when not theirs. `actorId`: who
 * did it when not the owner (a member acting on an organization's key).
 */
export async function renameKey(db: Db, userId: string, keyId: string, name: string, source?: RequestSource, actorId?: string): Promise<KeyView | null> {
  const [record] = await db
    .update(apiKeys)
    .set({ name })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
    .returning();
  if (!record) return null;
  await recordAuditEvent(db, { kind: "key.renamed", userId, actorId, subject: keyId, source, data: { name } });
  return toKeyView(record);
}
