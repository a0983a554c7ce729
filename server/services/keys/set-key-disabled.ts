import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import { toKeyView, type KeyView } from "./key-view";

export type SetKeyDisabledResult = { ok: true; key: KeyView } | { ok: false; reason: "not_found" | "revoked" };

/**
 * Disables or re-enables one of the user's keys. A revoked key cannot be re-enabled. The gateway's
 * key cache (4 s) means a disabled key stops within 5 seconds.
 */
export async function setKeyDisabled(db: Db, userId: string, keyId: string, disabled: boolean): Promise<SetKeyDisabledResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
      .for("update");
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.revokedAt) return { ok: false, reason: "revoked" } as const;
    if (Boolean(current.disabledAt) === disabled) return { ok: true, key: toKeyView(current) } as const;
    const [record] = await tx
      .update(apiKeys)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
      .returning();
    return { ok: true, key: toKeyView(record!) } as const;
  });
}
