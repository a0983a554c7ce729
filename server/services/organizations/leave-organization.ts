import type { Db } from "../../db";
import { removeMember } from "./remove-member";

/** A member leaves; their keys in the organization are disabled. The last owner cannot leave (transfer first). */
export function leaveOrganization(db: Db, orgId: string, userId: string) {
  return removeMember(db, { orgId, userId });
}
