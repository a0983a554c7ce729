import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { oauthClients, oauthGrants } from "../../db/schema";
import { revokeGrantsWhere } from "./revoke-grant";

/** Deletes the user's app: every grant to it is revoked (with its key) first. False when not theirs. */
export async function deleteClient(db: Db, userId: string, clientId: string): Promise<boolean> {
  const [client] = await db
    .select({ id: oauthClients.id })
    .from(oauthClients)
    .where(and(eq(oauthClients.id, clientId), eq(oauthClients.userId, userId)));
  if (!client) return false;
  const grants = await db.select({ id: oauthGrants.id }).from(oauthGrants).where(eq(oauthGrants.clientId, client.id));
  await revokeGrantsWhere(
    db,
    grants.map((g) => g.id),
  );
  await db.delete(oauthClients).where(eq(oauthClients.id, client.id));
  return true;
}
