import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../auth/one-time-token";
import type { DbHandle } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { openTrpcTestDb } from "../../testing/trpc";
import { createUser } from "../users/create-user";
import { resetPassword } from "./password-reset";
import { verifyEmail } from "./verify-email";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const SOURCE = { ip: "198.51.100.23", userAgent: "Mozilla/5.0 mail-link" };
const kindsOf = async (userId: string) =>
  (await handle.db.select().from(auditEvents).where(eq(auditEvents.userId, userId)).orderBy(auditEvents.id)).map((e) => [e.kind, e.ip, e.userAgent]);

describe("mail-link actions in the audit log", () => {
  it("records an email verification once, and a password reset, with where the link was opened; never the password", async () => {
    const email = `links-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const user = await createUser(handle.db, { email, password: "the old password" });
    const verify = await issueToken(handle.db, "verify-email", email, 60_000);
    expect(await verifyEmail(handle.db, verify, SOURCE)).toBe(true);
    expect(await verifyEmail(handle.db, verify, SOURCE)).toBe(false);
    const reset = await issueToken(handle.db, "reset-password", email, 60_000);
    expect(await resetPassword(handle.db, reset, "the new password", SOURCE)).toBe(true);

    expect(await kindsOf(user.id)).toEqual([
      ["email.verified", SOURCE.ip, SOURCE.userAgent],
      ["password.reset", SOURCE.ip, SOURCE.userAgent],
    ]);
    const [row] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "password.reset"), eq(auditEvents.userId, user.id)));
    expect(JSON.stringify(row)).not.toContain("the new password");
  });
});
