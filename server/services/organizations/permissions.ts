import type { OrgRole } from "../../db/schema";
import type { ActingAccount } from "./acting-account";

/** An admin may do everything an owner may but transfer ownership (and touch owners: mayManageRole). */
const ADMIN = [
  "org.read",
  "members.manage",
  "limits.manage",
  "keys.read",
  "keys.manage",
  "keys.own",
  "playground.use",
  "activity.read",
  "billing.read",
  "billing.pay",
  "documents.read",
  "requisites.manage",
  "apps.read",
  "apps.manage",
  "security.read",
] as const;

/**
 * What each role inside an organization may do (docs/organizations.md); the one table every check reads.
 * In the personal account the user may do everything.
 */
export const ROLE_PERMISSIONS = {
  owner: [...ADMIN, "org.transfer"],
  admin: ADMIN,
  developer: ["org.read", "keys.own", "playground.use", "activity.own"],
  billing: ["org.read", "activity.read", "billing.read", "billing.pay", "documents.read", "requisites.manage"],
  viewer: ["org.read", "keys.read", "activity.read", "billing.read", "documents.read", "apps.read"],
} as const satisfies Record<OrgRole, readonly string[]>;

/**
 * `keys.read`/`keys.manage`: every key of the organization; `keys.own`: create keys and manage those one made.
 * `activity.read`: all spending; `activity.own`: the requests of one's own keys only.
 */
export type Permission = (typeof ROLE_PERMISSIONS)[OrgRole][number];

export function roleCan(role: OrgRole, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
}

/** Whether the acting account may do `permission`: always in the personal account, by role in an organization. */
export function can(account: ActingAccount, permission: Permission): boolean {
  return account.kind === "personal" || roleCan(account.role, permission);
}

/** Only an owner may make, change or remove an owner; an admin manages every other role. */
export function mayManageRole(actorRole: OrgRole, role: OrgRole): boolean {
  return actorRole === "owner" || role !== "owner";
}

/** Whether a member with `role` may invite someone as `invitedRole` (and so whether such an invitation still holds). */
export function mayInvite(role: OrgRole, invitedRole: OrgRole): boolean {
  return roleCan(role, "members.manage") && mayManageRole(role, invitedRole);
}

/**
 * The member whose own keys bound what the account may see, or undefined for everything: a member without
 * `permission` (`keys.read`, `activity.read`, `keys.manage`) reaches only the keys they made.
 */
export function ownKeysScope(account: ActingAccount, memberUserId: string, permission: Permission): string | undefined {
  return can(account, permission) ? undefined : memberUserId;
}
