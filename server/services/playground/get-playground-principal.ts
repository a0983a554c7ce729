import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { apiKeys, orgMembers, organizations, users } from "../../db/schema";
import { GatewayError } from "../../core/errors";
import type { Principal } from "../../core/principal";
import { markKeyUsed } from "../../gateway/identify";
import { createKey } from "../keys/create-key";

/** The name of the key every playground request is recorded and charged under. */
export const PLAYGROUND_KEY_NAME = "Playground";

type KeyRow = Pick<typeof apiKeys.$inferSelect, "id" | "disabledAt" | "limitMicro" | "limitPeriod">;

const findKey = (db: Pick<Db, "select">, userId: string, memberUserId: string | undefined): Promise<KeyRow[]> =>
  db
    .select({ id: apiKeys.id, disabledAt: apiKeys.disabledAt, limitMicro: apiKeys.limitMicro, limitPeriod: apiKeys.limitPeriod })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.userId, userId),
        eq(apiKeys.name, PLAYGROUND_KEY_NAME),
        isNull(apiKeys.revokedAt),
        memberUserId ? eq(apiKeys.createdByUserId, memberUserId) : isNull(apiKeys.createdByUserId),
      ),
    )
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
    .limit(1);

function toPrincipal(userId: string, key: KeyRow, member: Principal["member"]): Principal {
  // A key the user disabled on the keys page stops the playground too.
  if (key.disabledAt) throw new GatewayError(403, "the Playground API key is disabled", "permission_error", "key_disabled");
  // The playground skips the gateway's key lookup, so it records the key's use itself.
  markKeyUsed(key.id);
  const principal: Principal = { userId, keyId: key.id, rpm: null, allowedModels: null };
  // A spend limit the user put on the Playground key holds here as it does for any key.
  if (key.limitMicro !== null) principal.keyLimit = { limitMicro: key.limitMicro, period: key.limitPeriod ?? "month" };
  if (member) principal.member = member;
  return principal;
}

/** The member's monthly limit in the organization whose wallet is `walletUserId`, as the gateway's key lookup reads it. */
async function memberLimit(db: Db, walletUserId: string, memberUserId: string): Promise<Principal["member"]> {
  const [row] = await db
    .select({ limitMicro: orgMembers.monthlyLimitMicro })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(and(eq(organizations.walletUserId, walletUserId), eq(orgMembers.userId, memberUserId)));
  if (!row) throw new GatewayError(403, "not a member of this organization", "permission_error", "not_a_member");
  return { userId: memberUserId, limitMicro: row.limitMicro };
}

/**
 * The principal the playground calls the gateway as: the user's live "Playground" key, created on first use; in an
 * organization (`userId` its wallet) the member's own one there, so it counts towards their monthly limit.
 * Creation locks the user's row, so concurrent first calls make exactly one key. The raw key is discarded:
 * the playground hands the principal to the gateway in-process and never needs it.
 */
export async function getPlaygroundPrincipal(db: Db, userId: string, memberUserId?: string): Promise<Principal> {
  const member = memberUserId ? await memberLimit(db, userId, memberUserId) : undefined;
  const [existing] = await findKey(db, userId, memberUserId);
  if (existing) return toPrincipal(userId, existing, member);
  const key = await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new GatewayError(401, "no such user", "authentication_error", "invalid_user");
    const [found] = await findKey(tx, userId, memberUserId);
    if (found) return found;
    const { record } = await createKey(tx as unknown as Db, { userId, name: PLAYGROUND_KEY_NAME, createdByUserId: memberUserId });
    return record;
  });
  return toPrincipal(userId, key, member);
}
