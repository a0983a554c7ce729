import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, ledger, users } from "../../db/schema";

/** One user with their keys and latest balance movements, for the admin area; undefined when unknown. */
export async function getUserForAdmin(db: Db, userId: string) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      /** `organization`: an organization's wallet, not a person. */
      kind: users.kind,
      balanceMicro: users.balanceMicro,
      emailVerified: users.emailVerified,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return undefined;
  const [keys, movements] = await Promise.all([
    db
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        limitMicro: apiKeys.limitMicro,
        limitPeriod: apiKeys.limitPeriod,
        rpm: apiKeys.rpm,
        disabledAt: apiKeys.disabledAt,
        revokedAt: apiKeys.revokedAt,
        lastUsedAt: apiKeys.lastUsedAt,
        createdAt: apiKeys.createdAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.userId, userId))
      .orderBy(desc(apiKeys.createdAt)),
    db.select().from(ledger).where(eq(ledger.userId, userId)).orderBy(desc(ledger.id)).limit(20),
  ]);
  return { user, keys, ledger: movements };
}
