import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, oauthGrants, type oauthClients, type oauthCodes } from "../../db/schema";
import { newId } from "../../ids";
import { createKey } from "../keys/create-key";

type Code = typeof oauthCodes.$inferSelect;
type Client = typeof oauthClients.$inferSelect;

/**
 * Turns an approved code into the user's one live grant for the app: the first time a grant with its own
 * API key (`OAuth: <app>`, limit = the cap); later approvals update scopes, cap and expiry in place.
 * Call inside the transaction that consumes the code.
 */
export async function grantFromCode(tx: Db, code: Code, client: Client, now = new Date()) {
  const [existing] = await tx
    .select()
    .from(oauthGrants)
    .where(and(eq(oauthGrants.userId, code.userId), eq(oauthGrants.clientId, client.id), isNull(oauthGrants.revokedAt)))
    .for("update");
  const live = existing && (existing.expiresAt === null || existing.expiresAt.getTime() > now.getTime()) ? existing : undefined;
  if (existing && !live) {
    // An expired consent is closed for good before a new one starts.
    await tx.update(oauthGrants).set({ revokedAt: now, updatedAt: now }).where(eq(oauthGrants.id, existing.id));
    if (existing.keyId) await tx.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, existing.keyId), isNull(apiKeys.revokedAt)));
  }
  const [liveKey] = live?.keyId ? await tx.select().from(apiKeys).where(eq(apiKeys.id, live.keyId)) : [];
  // The user may have revoked the grant's key on the keys page: the renewed consent gets a fresh key.
  if (live && liveKey && !liveKey.revokedAt && !liveKey.disabledAt) {
    const [updated] = await tx
      .update(oauthGrants)
      .set({ scopes: code.scopes, capMicro: code.capMicro, capPeriod: code.capPeriod, expiresAt: code.grantExpiresAt, updatedAt: now })
      .where(eq(oauthGrants.id, live.id))
      .returning();
    await tx
      .update(apiKeys)
      .set({ name: keyName(client.name), limitMicro: code.capMicro, limitPeriod: code.capPeriod, expiresAt: code.grantExpiresAt })
      .where(eq(apiKeys.id, liveKey.id));
    return updated!;
  }
  const { record } = await createKeyForCode(tx, code, keyName(client.name));
  if (live) {
    const [updated] = await tx
      .update(oauthGrants)
      .set({ scopes: code.scopes, capMicro: code.capMicro, capPeriod: code.capPeriod, expiresAt: code.grantExpiresAt, keyId: record.id, updatedAt: now })
      .where(eq(oauthGrants.id, live.id))
      .returning();
    return updated!;
  }
  const [grant] = await tx
    .insert(oauthGrants)
    .values({
      id: newId("xrgr"),
      userId: code.userId,
      clientId: client.id,
      scopes: code.scopes,
      capMicro: code.capMicro,
      capPeriod: code.capPeriod,
      expiresAt: code.grantExpiresAt,
      keyId: record.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return grant!;
}

/** A new key of the user who approved `code`, named `name`, its limit and expiry the cap and expiry they chose. */
export function createKeyForCode(tx: Db, code: Code, name: string) {
  return createKey(tx, {
    userId: code.userId,
    name,
    limitMicro: code.capMicro,
    limitPeriod: code.capPeriod,
    expiresAt: code.grantExpiresAt ?? undefined,
  });
}

/** The grant key's name: what the activity page shows for the app's spending. */
export function keyName(appName: string): string {
  return `OAuth: ${appName}`.slice(0, 100);
}
