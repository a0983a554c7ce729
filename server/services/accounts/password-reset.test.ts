import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../auth/one-time-token";
import type { DbHandle } from "../../db/client";
import { mailOutbox, users } from "../../db/schema";
import { createPerson } from "../../testing/organizations";
import { openTrpcTestDb } from "../../testing/trpc";
import { createOrganization, walletEmail } from "../organizations/create-organization";
import { requestPasswordReset, resetPassword } from "./password-reset";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle?.close());

describe("password reset of an organization's wallet row", () => {
  it("mails nothing (as for an unknown address) and a reset token for it sets no password", async () => {
    const owner = await createPerson(handle.db, "reset-owner");
    const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Reset ${crypto.randomUUID()}` });
    const email = walletEmail(org.id);
    await requestPasswordReset(handle.db, email, "en", "https://xrouter.test");
    expect(await handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, email))).toEqual([]);

    const token = await issueToken(handle.db, "reset-password", email, 60_000);
    expect(await resetPassword(handle.db, token, "a wallet must never sign in", undefined)).toBe(false);
    const [wallet] = await handle.db.select().from(users).where(eq(users.id, org.walletUserId));
    expect(wallet!.passwordHash).toBeNull();

    // A person's address still gets its link.
    await requestPasswordReset(handle.db, owner.email, "en", "https://xrouter.test");
    expect(await handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, owner.email))).toHaveLength(1);
  });
});
