import { eq } from "drizzle-orm";
import type { Db } from "../../db";
import { orgRequisites } from "../../db/schema";
import type { Requisites } from "../../legal/requisites";

/** An organization's buyer requisites, or undefined until saved (invoices and УПД need them). */
export async function getOrgRequisites(db: Db, orgId: string): Promise<(Requisites & { updatedAt: Date }) | undefined> {
  const [row] = await db
    .select({
      entityType: orgRequisites.entityType,
      name: orgRequisites.name,
      inn: orgRequisites.inn,
      kpp: orgRequisites.kpp,
      ogrn: orgRequisites.ogrn,
      address: orgRequisites.address,
      docsEmail: orgRequisites.docsEmail,
      bik: orgRequisites.bik,
      bankAccount: orgRequisites.bankAccount,
      updatedAt: orgRequisites.updatedAt,
    })
    .from(orgRequisites)
    .where(eq(orgRequisites.orgId, orgId));
  return row;
}
