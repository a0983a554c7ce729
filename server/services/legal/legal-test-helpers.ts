import type { Db } from "../../db";
import { orgRequisites, type OrgRole } from "../../db/schema";
import { SAMPLE_SELLER } from "../../legal/fixtures/sample-statement";
import { addMember } from "../organizations/add-member";
import { createOrganization } from "../organizations/create-organization";
import { createUser } from "../users/create-user";
import { saveSellerRequisites } from "./save-seller-requisites";

/** Test helper: a 13-digit ОГРН with its check digit, from 12 digits. */
export const ogrnFrom = (first12: string) => `${first12}${(Number(first12) % 11) % 10}`;

/** The sample statement's seller as admin settings (its account receives the fixture's payments). */
export const TEST_SELLER = {
  name: SAMPLE_SELLER.name,
  inn: SAMPLE_SELLER.inn,
  kpp: SAMPLE_SELLER.kpp,
  ogrn: ogrnFrom("102770013219"),
  address: "117312, г. Москва, ул. Вавилова, д. 19",
  bankName: SAMPLE_SELLER.bank.name,
  bik: SAMPLE_SELLER.bank.bik,
  account: SAMPLE_SELLER.account,
  corrAccount: SAMPLE_SELLER.bank.corrAccount,
  vatStatus: "vat",
} as const;

export const saveTestSeller = (db: Db) => saveSellerRequisites(db, TEST_SELLER);

/** Test helper: an organization with an owner (and members by role), its requisites stored as given (unvalidated). */
export async function createTestOrg(db: Db, options: { inn?: string; entityType?: "ul" | "ip"; members?: OrgRole[]; requisites?: boolean } = {}) {
  const person = () => createUser(db, { email: `legal-${crypto.randomUUID().slice(0, 8)}@example.test`, emailVerified: new Date() });
  const owner = await person();
  const org = await createOrganization(db, { ownerUserId: owner.id, name: `Org ${crypto.randomUUID().slice(0, 8)}` });
  const members: Partial<Record<OrgRole, string>> = { owner: owner.id };
  for (const role of options.members ?? []) {
    const user = await person();
    await addMember(db, { orgId: org.id, userId: user.id, role });
    members[role] = user.id;
  }
  if (options.requisites !== false) {
    const ip = options.entityType === "ip";
    await db.insert(orgRequisites).values({
      orgId: org.id,
      entityType: ip ? "ip" : "ul",
      name: ip ? "ИП Иванов Иван Иванович" : "ООО «Ромашка»",
      inn: options.inn ?? "7728145678",
      kpp: ip ? null : "772801001",
      ogrn: ip ? "304500116000157" : ogrnFrom("102770000001"),
      address: "125009, г. Москва, ул. Тверская, д. 1",
      docsEmail: `docs-${org.id.slice(-6).toLowerCase()}@example.test`,
    });
  }
  return { org, members: members as Record<OrgRole, string> & Partial<Record<OrgRole, string>> };
}
