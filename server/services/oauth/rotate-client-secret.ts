import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { oauthClients } from "../../db/schema";
import { hashSecret, newSecret } from "../../oauth/crypto";

/** A new secret for the user's confidential app (the old one stops working at once); null when not theirs. */
export async function rotateClientSecret(db: Db, userId: string, clientId: string) {
  const secret = newSecret("xrsec-");
  const [row] = await db
    .update(oauthClients)
    .set({ secretHash: hashSecret(secret) })
    .where(and(eq(oauthClients.id, clientId), eq(oauthClients.userId, userId), eq(oauthClients.type, "confidential")))
    .returning({ id: oauthClients.id });
  return row ? { clientSecret: secret } : null;
}
