import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { legalPages, type LegalPageSlug } from "../../db/schema";

export interface LegalPage {
  slug: LegalPageSlug;
  version: number;
  body: string;
  updatedAt: Date;
}

/** A public legal page (offer, privacy policy, consent) as it reads now; undefined only if its seed row was deleted. */
export async function getLegalPage(db: Db, slug: LegalPageSlug): Promise<LegalPage | undefined> {
  const [page] = await db
    .select({ slug: legalPages.slug, version: legalPages.version, body: legalPages.body, updatedAt: legalPages.updatedAt })
    .from(legalPages)
    .where(eq(legalPages.slug, slug));
  return page;
}
