import type { Db } from "../../db";
import { orgMembers, organizations, users } from "../../db/schema";
import { newId } from "../../ids";
import { acceptOffer } from "../legal/accept-offer";
import { OrgError, orgName } from "./org-error";

/** The wallet's address: unique, and `.invalid` (RFC 2606) so no mail ever goes to it and no one can own it. */
export const walletEmail = (orgId: string) => `org+${orgId.toLowerCase()}@organizations.invalid`;

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string }).code === "23505" || (err as { cause?: { code?: string } }).cause?.code === "23505";

/**
 * Creates an organization with its creator as owner. Its wallet is a users row of kind `organization` (no password,
 * no welcome credit, never signs in), so balances, holds, the ledger and its check serve it like any user.
 */
export async function createOrganization(
  db: Db,
  input: { ownerUserId: string; name: string; offer?: { version: number; ip: string | null } },
) {
  const name = orgName(input.name);
  const id = newId("org");
  try {
    return await db.transaction(async (tx) => {
      const [wallet] = await tx
        .insert(users)
        .values({ id: newId("usr"), email: walletEmail(id), name, kind: "organization" })
        .returning({ id: users.id });
      const [org] = await tx.insert(organizations).values({ id, name, walletUserId: wallet!.id }).returning();
      await tx.insert(orgMembers).values({ orgId: id, userId: input.ownerUserId, role: "owner" });
      // From the portal the creator accepts the public offer for the organization, recorded with it or not at all.
      if (input.offer) await acceptOffer(tx, { userId: input.ownerUserId, orgId: id, ...input.offer });
      return org!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new OrgError("org_name_taken");
    throw err;
  }
}
