import type { Db } from "../../db";
import { orgRequisites } from "../../db/schema";
import { requisitesErrorText, validateRequisites, type Requisites, type RequisitesInput } from "../../legal/requisites";
import { acceptOffer } from "./accept-offer";
import { LegalError } from "./legal-error";

export interface SaveOrgRequisitesInput {
  orgId: string;
  userId: string;
  requisites: RequisitesInput;
  /** The offer version the user accepted in the form: saving requisites is accepting the offer for the organization. */
  offerVersion: number;
  ip: string | null;
}

/**
 * Validates and saves an organization's requisites together with the user's acceptance of the current offer (one
 * transaction). Refuses with `requisites_invalid` (a Russian message per wrong field) or `offer_not_accepted`.
 */
export async function saveOrgRequisites(db: Db, input: SaveOrgRequisitesInput): Promise<Requisites> {
  const result = validateRequisites(input.requisites);
  if (!result.ok) {
    const entityType = input.requisites.entityType === "ip" ? "ip" : "ul";
    throw new LegalError(
      "requisites_invalid",
      Object.fromEntries(result.errors.map((error) => [error.field, requisitesErrorText(error, "ru", entityType)])),
    );
  }
  const value = result.value;
  await db.transaction(async (tx) => {
    await acceptOffer(tx, { userId: input.userId, orgId: input.orgId, version: input.offerVersion, ip: input.ip });
    await tx
      .insert(orgRequisites)
      .values({ orgId: input.orgId, ...value })
      .onConflictDoUpdate({ target: orgRequisites.orgId, set: { ...value, updatedAt: new Date() } });
  });
  return value;
}
