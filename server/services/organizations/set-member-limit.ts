import { and, eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgMembers } from "../../db/schema";
import { OrgError } from "./org-error";

/**
 * Sets a member's monthly spending limit in the organization (micro-rubles), or clears it (null). The gateway holds
 * it like a key's limit, over every key the member made in the organization, from the next lookup of such a key
 * (within a few seconds); what the member spent this month before counts towards it.
 */
export async function setMemberLimit(db: Pick<Db, "update">, input: { orgId: string; userId: string; limitMicro: number | null }): Promise<void> {
  if (input.limitMicro !== null && !(Number.isSafeInteger(input.limitMicro) && input.limitMicro > 0))
    throw new RangeError("a member's limit is a positive whole number of micro-rubles");
  const updated = await db
    .update(orgMembers)
    .set({ monthlyLimitMicro: input.limitMicro })
    .where(and(eq(orgMembers.orgId, input.orgId), eq(orgMembers.userId, input.userId)))
    .returning({ userId: orgMembers.userId });
  if (updated.length === 0) throw new OrgError("member_not_found");
}
