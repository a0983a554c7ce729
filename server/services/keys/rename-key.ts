import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import { toKeyView, type KeyView } from "./key-view";

/** Renames one of the user's keys (revoked ones too, so the list stays readable); null when not theirs. */
export async function renameKey(db: Db, userId: string, keyId: string, name: string): Promise<KeyView | null> {
  const [record] = await db
    .update(apiKeys)
    .set({ name })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
    .returning();
  return record ? toKeyView(record) : null;
}
