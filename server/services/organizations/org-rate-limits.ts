import { countAttempt, TooManyAttemptsError, type AttemptLimit } from "../../store/attempt-counter";
import { OrgError, type OrgErrorCode } from "./org-error";

/*
 * Limits on what the portal lets a user send through organizations, so they cannot relay mail (invitations go to any
 * address) or mint wallets in bulk. Every attempt counts, in a fixed day-long window opened by the first:
 * - invitations: 30 per user and 100 per organization a day (`too_many_invitations`);
 * - new organizations: 10 per user a day (`too_many_organizations`).
 * Pending invitations are capped per organization as well (MAX_PENDING_INVITATIONS, in inviteMember).
 */
const DAY_MS = 24 * 60 * 60 * 1000;
export const INVITATIONS_PER_USER: AttemptLimit = { limit: 30, windowMs: DAY_MS };
export const INVITATIONS_PER_ORG: AttemptLimit = { limit: 100, windowMs: DAY_MS };
export const ORGANIZATIONS_PER_USER: AttemptLimit = { limit: 10, windowMs: DAY_MS };

async function count(key: string, limit: AttemptLimit, code: OrgErrorCode): Promise<void> {
  try {
    await countAttempt(key, limit);
  } catch (err) {
    if (err instanceof TooManyAttemptsError) throw new OrgError(code);
    throw err;
  }
}

export async function limitInvitations(orgId: string, userId: string): Promise<void> {
  await count(`org-invite:user:${userId}`, INVITATIONS_PER_USER, "too_many_invitations");
  await count(`org-invite:org:${orgId}`, INVITATIONS_PER_ORG, "too_many_invitations");
}

export async function limitOrganizationCreation(userId: string): Promise<void> {
  await count(`org-create:user:${userId}`, ORGANIZATIONS_PER_USER, "too_many_organizations");
}
