import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db";
import { offerAcceptances } from "../../db/schema";
import { newId } from "../../ids";
import { getLegalPage } from "./get-legal-page";
import { LegalError } from "./legal-error";

export interface OfferAcceptanceInput {
  userId: string;
  /** The organization the user acts for; null when accepting for themselves. */
  orgId: string | null;
  /** The version the user was shown and accepted: refused unless it is the current one. */
  version: number;
  ip: string | null;
}

/** The offer's current version (the legal_pages row `offer`). */
export async function currentOfferVersion(db: Db): Promise<number> {
  const offer = await getLegalPage(db, "offer");
  if (!offer) throw new Error("the offer page is missing (migration 0019 seeds it)");
  return offer.version;
}

/**
 * Records that a user accepted the offer (version, time, user, IP, organization), refusing with
 * `offer_not_accepted` a version other than the current one. Pass the caller's transaction to commit it with the
 * action it allows (creating an organization, saving requisites).
 */
export async function acceptOffer(db: Db, input: OfferAcceptanceInput): Promise<{ version: number; acceptedAt: Date }> {
  if (input.version !== (await currentOfferVersion(db))) throw new LegalError("offer_not_accepted");
  const [row] = await db
    .insert(offerAcceptances)
    .values({ id: newId("ofac"), userId: input.userId, orgId: input.orgId, version: input.version, ip: input.ip?.slice(0, 64) ?? null })
    .returning({ version: offerAcceptances.version, acceptedAt: offerAcceptances.acceptedAt });
  return row!;
}

/** The latest acceptance by a user (for an organization, or for themselves with `orgId` null). */
export async function latestOfferAcceptance(db: Db, userId: string, orgId: string | null) {
  const [row] = await db
    .select({ version: offerAcceptances.version, acceptedAt: offerAcceptances.acceptedAt })
    .from(offerAcceptances)
    .where(and(eq(offerAcceptances.userId, userId), orgId ? eq(offerAcceptances.orgId, orgId) : isNull(offerAcceptances.orgId)))
    .orderBy(desc(offerAcceptances.acceptedAt))
    .limit(1);
  return row;
}
