import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../auth/password";
import type { DbHandle } from "../../db/client";
import { mailOutbox, users } from "../../db/schema";
import { MemoryStore } from "../../store/memory";
import { openTrpcTestDb } from "../../testing/trpc";
import { signUp } from "./sign-up";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
  (globalThis as { __xrouterStore?: unknown }).__xrouterStore = new MemoryStore();
});
afterAll(async () => {
  await handle?.close();
});

const ORIGIN = "https://xrouter.example";
const newEmail = () => `signup-${crypto.randomUUID().slice(0, 8)}@example.test`;
const mailsTo = (email: string) => handle.db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(mailOutbox.id);

describe("signUp", () => {
  it("creates an unverified account and mails the verification link", async () => {
    const email = newEmail();
    await signUp(handle.db, { email, password: "first password", locale: "en", origin: ORIGIN });
    const [user] = await handle.db.select().from(users).where(eq(users.email, email));
    expect(user?.emailVerified).toBeNull();
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`${ORIGIN}/verify?token=`);
  });

  it("answers a taken email exactly as a new one and tells the owner instead, once an hour", async () => {
    const email = newEmail();
    await signUp(handle.db, { email, password: "owner password", locale: "ru", origin: ORIGIN });
    await expect(signUp(handle.db, { email: email.toUpperCase(), password: "someone else", locale: "en", origin: ORIGIN })).resolves.toBeUndefined();
    await signUp(handle.db, { email, password: "someone else", locale: "en", origin: ORIGIN });

    const rows = await handle.db.select().from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
    expect(await verifyPassword(rows[0]!.passwordHash!, "owner password")).toBe(true);

    const [verification, notice, ...more] = await mailsTo(email);
    expect(verification!.text).toContain("/verify?token=");
    expect(notice!.subject).toBe("XRouter: someone tried to sign up with your email");
    expect(notice!.text).toContain(`${ORIGIN}/login`);
    expect(notice!.text).toContain(`${ORIGIN}/forgot`);
    expect(notice!.text).not.toContain("token=");
    expect(more).toEqual([]);
  });
});
