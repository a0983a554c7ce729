import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { pdfText } from "../../testing/read-pdf";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { createKey } from "../keys/create-key";
import { addMember } from "../organizations/add-member";
import { createOrganization } from "../organizations/create-organization";
import { statementCsv } from "./statement-csv";
import { buildStatement } from "./statement-data";
import { statementPdf } from "./statement-pdf";
import { bookTestRow } from "./statement-test-helpers";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle?.close());

/** An organization whose March 2025 has a top-up and charges of two members' keys (one member with two keys). */
async function organizationWithSpending() {
  const [owner, dev] = [(await createTestUser(handle)).user, (await createTestUser(handle)).user];
  const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Statement ${crypto.randomUUID().slice(0, 8)}` });
  await addMember(handle.db, { orgId: org.id, userId: dev.id, role: "developer" });
  const key = async (member: string, name: string) => (await createKey(handle.db, { userId: org.walletUserId, createdByUserId: member, name })).record.id;
  const [devA, devB, ownerKey] = [await key(dev.id, "dev A"), await key(dev.id, "dev B"), await key(owner.id, "owner's")];
  const book = (kind: "topup" | "charge", amountMicro: number, keyId: string | undefined, day: string) =>
    bookTestRow(handle.db, { userId: org.walletUserId, kind, amountMicro, keyId, createdAt: new Date(`2025-03-${day}T10:00:00Z`) });
  await book("topup", 10_000_000, undefined, "01");
  await book("charge", -1_000_001, devA, "02");
  await book("charge", -2_000_000, devB, "03");
  await book("charge", -300_000, ownerKey, "04");
  await book("charge", -5, devA, "05");
  return { org, owner, dev, holder: { id: org.walletUserId, email: org.name } };
}

describe("an organization's statement", () => {
  it("sums the month's charges by member and by key, each list adding up to the charge total", async () => {
    const { owner, dev, holder } = await organizationWithSpending();
    const s = (await buildStatement(handle.db, holder, "2025-03"))!;
    expect(s.rows.filter((r) => r.kind === "charge").map((r) => [r.keyName, r.memberEmail])).toEqual([
      ["dev A", dev.email],
      ["dev B", dev.email],
      ["owner's", owner.email],
      ["dev A", dev.email],
    ]);
    expect(s.spending!.byMember).toEqual([
      { label: dev.email, count: 3, amountMicro: -3_000_006 },
      { label: owner.email, count: 1, amountMicro: -300_000 },
    ]);
    expect(s.spending!.byKey).toEqual([
      { label: "dev B", count: 1, amountMicro: -2_000_000 },
      { label: "dev A", count: 2, amountMicro: -1_000_006 },
      { label: "owner's", count: 1, amountMicro: -300_000 },
    ]);
    for (const groups of [s.spending!.byMember, s.spending!.byKey])
      expect(groups.reduce((sum, g) => sum + g.amountMicro, 0)).toBe(s.totals.charge.amountMicro);
  });

  it("names each charge's member in the CSV and the PDF and ends them with the charges by member and by key", async () => {
    const { owner, dev, holder } = await organizationWithSpending();
    const s = (await buildStatement(handle.db, holder, "2025-03"))!;
    const lines = statementCsv(s, "en", "machine").trim().split(/\r?\n/);
    expect(lines[0]).toBe("Date (UTC),Kind,\"Amount, ₽\",\"Balance after, ₽\",Reference,Key,Member,Note");
    expect(lines.find((line) => line.includes("dev B"))).toContain(`,dev B,${dev.email},`);
    expect(lines.slice(-5)).toEqual([
      `,Charges by member: ${dev.email},-3.000006,,,,,Movements: 3`,
      `,Charges by member: ${owner.email},-0.30,,,,,Movements: 1`,
      ",Charges by key: dev B,-2.00,,,,,Movements: 1",
      ",Charges by key: dev A,-1.000006,,,,,Movements: 2",
      ",Charges by key: owner's,-0.30,,,,,Movements: 1",
    ]);
    const text = await pdfText(await statementPdf(s, "ru"));
    expect(text).toContain("Списания по участникам");
    expect(text).toContain("Списания по ключам");
    expect(text).toContain(dev.email);
  });

  it("leaves a person's statement as it was: no member column, no grouping", async () => {
    const { user } = await createTestUser(handle);
    await bookTestRow(handle.db, { userId: user.id, kind: "topup", amountMicro: 1_000_000, createdAt: new Date("2025-03-02T10:00:00Z") });
    const s = (await buildStatement(handle.db, user, "2025-03"))!;
    expect(s.spending).toBeUndefined();
    expect(statementCsv(s, "en", "machine").split(/\r?\n/)[0]).toBe("Date (UTC),Kind,\"Amount, ₽\",\"Balance after, ₽\",Reference,Key,Note");
  });
});
