/** A refusal the caller can act on; the code is what the portal translates. */
export type OrgErrorCode =
  | "org_name_invalid"
  | "org_name_taken"
  | "org_not_found"
  | "member_not_found"
  | "already_member"
  | "last_owner"
  | "owner_only"
  | "invitation_invalid"
  | "invitation_other_email"
  | "reassign_target_invalid"
  | "user_not_found"
  | "too_many_invitations"
  | "too_many_pending_invitations"
  | "too_many_organizations";

export class OrgError extends Error {
  constructor(readonly code: OrgErrorCode) {
    super(code);
  }
}

/** The name of an organization as stored: trimmed, 1 to 100 characters. */
export function orgName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw new OrgError("org_name_invalid");
  return trimmed;
}
