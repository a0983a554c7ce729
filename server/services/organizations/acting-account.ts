import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers, organizations, type OrgRole } from "../../db/schema";

/** The cookie holding the portal's chosen account: an organization's id; absent (or anything else) means personal. */
export const ACCOUNT_COOKIE = "xr-account";

/** Whom the portal acts for: the signed-in user's own account, or an organization they are a member of. */
export type ActingAccount =
  | { kind: "personal"; userId: string }
  | { kind: "organization"; orgId: string; orgName: string; walletUserId: string; role: OrgRole };

/** The users row money, keys and usage are keyed by: the user's own, or the organization's wallet. */
export function accountUserId(account: ActingAccount): string {
  return account.kind === "personal" ? account.userId : account.walletUserId;
}

const ORG_ID = /^org_[0-9A-Za-z]{20}$/;

/**
 * The account `requested` (the cookie's value) names, checked against membership now: a stale or forged value
 * (not a member, or no such organization) falls back to the personal account rather than failing.
 */
export async function resolveActingAccount(db: Db, userId: string, requested: string | undefined): Promise<ActingAccount> {
  const personal = { kind: "personal", userId } as const;
  if (!requested || !ORG_ID.test(requested)) return personal;
  const [row] = await db
    .select({ orgId: organizations.id, orgName: organizations.name, walletUserId: organizations.walletUserId, role: orgMembers.role })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(and(eq(orgMembers.orgId, requested), eq(orgMembers.userId, userId)));
  return row ? { kind: "organization", ...row } : personal;
}
