import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { legalPages, type LegalPageSlug } from "../../db/schema";
import type { LegalPage } from "./get-legal-page";

/**
 * An admin's edit of a legal page: a new version (one more than the last), so acceptances of the offer name the
 * text they accepted and everyone is asked to accept the new one.
 */
export async function saveLegalPage(db: Db, input: { slug: LegalPageSlug; body: string; adminId: string }): Promise<LegalPage> {
  const [page] = await db
    .insert(legalPages)
    .values({ slug: input.slug, version: 1, body: input.body, updatedByUserId: input.adminId })
    .onConflictDoUpdate({
      target: legalPages.slug,
      set: { version: sql`${legalPages.version} + 1`, body: input.body, updatedAt: new Date(), updatedByUserId: input.adminId },
    })
    .returning({ slug: legalPages.slug, version: legalPages.version, body: legalPages.body, updatedAt: legalPages.updatedAt });
  return page!;
}
