import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys } from "../../db/schema";
import type { RequestSource } from "../audit/kinds";
import { recordAuditEvent } from "../audit/record-event";
import { toKeyView, type KeyView } from "./key-view";

export type SetKeyDisabledResult =
  | { ok: true; key: KeyView }
  | { ok: false; reason: "not_found" | "revoked" | "disabled_by_manager" };

/**
 * Who acts on an organization's key: a `manager` (owner, admin) or its `maker` (a member who manages only their own
 * keys, and so may re-enable only a key they disabled themselves); absent in the personal account.
 */
export type KeyActor = "manager" | "maker";

/**
 * Disables or re-enables one of the user's keys. A revoked key cannot be re-enabled. The gateway's
 * key cache (4 s) means a disabled key stops within 5 seconds. `actorId`: who did it when not the owner (a member
 * acting on an organization's key).
 */
export async function setKeyDisabled(
  db: Db,
  userId: string,
  keyId: string,
  disabled: boolean,
  source?: RequestSource,
  actorId?: string,
  actor?: KeyActor,
): Promise<SetKeyDisabledResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
      .for("update");
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.revokedAt) return { ok: false, reason: "revoked" } as const;
    if (Boolean(current.disabledAt) === disabled) return { ok: true, key: toKeyView(current) } as const;
    if (!disabled && actor === "maker" && current.disabledReason) return { ok: false, reason: "disabled_by_manager" } as const;
    const [record] = await tx
      .update(apiKeys)
      .set({ disabledAt: disabled ? new Date() : null, disabledReason: disabled && actor === "manager" ? "manager" : null })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
      .returning();
    await recordAuditEvent(tx, { kind: disabled ? "key.disabled" : "key.enabled", userId, actorId, subject: keyId, source, data: { name: current.name } });
    return { ok: true, key: toKeyView(record!) } as const;
  });
}
