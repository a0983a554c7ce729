import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../db";
import type { DbHandle } from "../../db/client";
import { closingDocuments } from "../../db/schema";
import { newId } from "../../ids";
import { databaseKinds } from "../../testing/databases";
import type { Mail } from "../mail/send-mail";
import { createTestOrg } from "./legal-test-helpers";
import { mailClosingDocuments } from "./mail-closing-documents";

// The mailer: records each send with whether its document already counted as mailed then, and fails for chosen ids.
const mailer = vi.hoisted(() => ({ failing: new Set<string>(), sends: [] as { id: string; mailedAtDuringSend: Date | null }[] }));
vi.mock("../mail/send-mail", () => ({
  sendMail: async (db: Db, mail: Mail) => {
    const id = /documents\/(cdoc_[^?]+)\?/.exec(mail.text)![1]!;
    const [row] = await db.select({ mailedAt: closingDocuments.mailedAt }).from(closingDocuments).where(eq(closingDocuments.id, id));
    mailer.sends.push({ id, mailedAtDuringSend: row!.mailedAt });
    if (mailer.failing.has(id)) throw new Error("SMTP 451 try again later");
  },
}));

// A database of its own: the job mails every unmailed document it finds.
const [, openPglite] = databaseKinds[1]!;
let handle: DbHandle & { cleanup: () => Promise<void> };
let orgId: string;
let number = 0;

beforeAll(async () => {
  handle = await openPglite();
  orgId = (await createTestOrg(handle.db)).org.id;
});
afterAll(() => handle?.cleanup());
beforeEach(() => {
  mailer.failing.clear();
  mailer.sends = [];
  return handle.db.update(closingDocuments).set({ mailedAt: new Date() });
});

/** An issued, unmailed УПД (only what its mail prints). */
async function issued(issuedAt: string) {
  const id = newId("cdoc");
  await handle.db.insert(closingDocuments).values({
    id,
    orgId,
    kind: "upd",
    year: 2026,
    number: ++number,
    period: `${2000 + number}-10`, // one УПД per organization and month
    amountMicro: 1_000_000,
    vatMicro: 180_000,
    data: { date: "2026-10-31", rateBasisPoints: 2200, buyer: { name: "ООО «Ромашка»", docsEmail: "docs@example.test" } },
    issuedAt: new Date(issuedAt),
  });
  return id;
}
const mailedAt = async (id: string) =>
  (await handle.db.select({ mailedAt: closingDocuments.mailedAt }).from(closingDocuments).where(eq(closingDocuments.id, id)))[0]!.mailedAt;
const options = { baseUrl: "https://xrouter.test" };

describe("mailClosingDocuments", () => {
  it("marks a document mailed only after its mail went out, oldest first; a failed send leaves it unmailed", async () => {
    const later = await issued("2026-11-01T06:00:00Z");
    const failing = await issued("2026-11-01T05:00:00Z");
    const earliest = await issued("2026-11-01T04:00:00Z");
    mailer.failing.add(failing);
    expect(await mailClosingDocuments(handle.db, options)).toEqual([earliest, later]);
    expect(mailer.sends).toEqual([
      { id: earliest, mailedAtDuringSend: null },
      { id: failing, mailedAtDuringSend: null },
      { id: later, mailedAtDuringSend: null },
    ]);
    expect(await mailedAt(earliest)).toBeInstanceOf(Date);
    expect(await mailedAt(later)).toBeInstanceOf(Date);
    expect(await mailedAt(failing)).toBeNull();
  });

  it("lets a failing document wait (1 h, then doubling) instead of retrying it first on every run", async () => {
    const start = new Date("2026-12-01T09:00:00Z");
    const at = (hours: number) => ({ ...options, limit: 1, now: new Date(start.getTime() + hours * 3_600_000) });
    const stuck = await issued("2026-11-02T04:00:00Z");
    const next = await issued("2026-11-02T05:00:00Z");
    const last = await issued("2026-11-02T06:00:00Z");
    mailer.failing.add(stuck);

    expect(await mailClosingDocuments(handle.db, at(0))).toEqual([]);
    // The next runs, one document each, go past the failing one.
    expect(await mailClosingDocuments(handle.db, at(0.1))).toEqual([next]);
    expect(await mailClosingDocuments(handle.db, at(0.2))).toEqual([last]);
    expect(mailer.sends.map((send) => send.id)).toEqual([stuck, next, last]);
    // After an hour it is tried again; failing again, it waits two.
    expect(await mailClosingDocuments(handle.db, at(1))).toEqual([]);
    expect(await mailClosingDocuments(handle.db, at(2.5))).toEqual([]);
    expect(mailer.sends.map((send) => send.id)).toEqual([stuck, next, last, stuck]);
    mailer.failing.delete(stuck);
    expect(await mailClosingDocuments(handle.db, at(3))).toEqual([stuck]);
    expect(await mailedAt(stuck)).toBeInstanceOf(Date);
  });
});
