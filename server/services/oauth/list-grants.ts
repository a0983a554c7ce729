import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { oauthClients, oauthGrants } from "../../db/schema";

/** The user's live remembered consents (revoked ones disappear), with the app they were given to. */
export async function listGrants(db: Db, userId: string) {
  const rows = await db
    .select({ grant: oauthGrants, clientName: oauthClients.name, clientLogo: oauthClients.logoUrl, clientHomepage: oauthClients.homepageUrl })
    .from(oauthGrants)
    .innerJoin(oauthClients, eq(oauthClients.id, oauthGrants.clientId))
    .where(and(eq(oauthGrants.userId, userId), isNull(oauthGrants.revokedAt)))
    .orderBy(desc(oauthGrants.createdAt));
  return rows.map(({ grant, clientName, clientLogo, clientHomepage }) => ({
    id: grant.id,
    clientId: grant.clientId,
    clientName,
    clientLogo,
    clientHomepage,
    scopes: grant.scopes,
    capMicro: grant.capMicro,
    capPeriod: grant.capPeriod,
    expiresAt: grant.expiresAt,
    expired: grant.expiresAt !== null && grant.expiresAt.getTime() <= Date.now(),
    createdAt: grant.createdAt,
  }));
}
