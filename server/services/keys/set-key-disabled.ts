import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { toKeyView, type KeyView } from "./key-view";

export type SetKeyDisabledResult = { ok: true; key: KeyView } | { ok: false; reason: "not_found" | "revoked" };

/**
 * Disables or re-enables one of the user's keys. A revoked key cannot be re-enabled. The gateway's
 * key cache (4 s) means a disabled key stops within 5 seconds.
 */
export async function setKeyDisabled(db: Db, userId: string, keyId: string, disabled: boolean, source?: RequestSource): Promise<SetKeyDisabledResult> {
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
      .set({ disabledAt: disabled ? new Date() : null, disabledReason: null })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
      .returning();
    await recordAuditEvent(tx, { kind: disabled ? "key.disabled" : "key.enabled", userId, subject: keyId, source, data: { name: current.name } });
    return { ok: true, key: toKeyView(record!) } as const;
  });
}
