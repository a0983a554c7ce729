import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/server/db";
import { mailOutbox } from "@/server/db/schema";
import { databaseKinds, uniqueEmail } from "@/server/testing/databases";
import { createUser } from "@/server/services/users/create-user";

const db = vi.hoisted(() => {
  process.env.PORT = "4123";
  delete process.env.XROUTER_PUBLIC_URL;
  return { handle: undefined as DbHandle | undefined };
});

// An attacker asks for a victim's reset link with their own host in every header a proxy might pass on.
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7" }),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("@/server/db", () => ({ getDb: async () => db.handle!.db }));
vi.mock("@/server/runtime", () => ({ getRuntime: async () => ({ demo: false }) }));

const { forgotAction } = await import("./forgot/actions");
const { signupAction } = await import("./signup/actions");

let cleanup: () => Promise<void>;

beforeAll(async () => {
  const opened = await databaseKinds[0]![1]();
  db.handle = opened;
  cleanup = opened.cleanup;
});
afterAll(() => cleanup());

async function linkMailedTo(email: string): Promise<string> {
  const [mail] = await db.handle!.db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(desc(mailOutbox.id)).limit(1);
  return /https?:\/\/\S+/.exec(mail!.text)![0];
}

// Without XROUTER_PUBLIC_URL the links point at the address the server listens on.
describe("links in mail ignore the request's host headers", () => {
  it("password reset", async () => {
    const email = uniqueEmail("reset-link");
    await createUser(db.handle!.db, { email, password: "correct horse battery", emailVerified: new Date() });
    const form = new FormData();
    form.set("email", email);
    await forgotAction({ status: "idle" }, form);
    expect(await linkMailedTo(email)).toMatch(/^http:\/\/localhost:4123\/reset\?token=/);
  });

  it("email verification after sign-up", async () => {
    const email = uniqueEmail("verify-link");
    const form = new FormData();
    form.set("email", email);
    form.set("password", "correct horse battery");
    await signupAction({ status: "idle" }, form);
    expect(await linkMailedTo(email)).toMatch(/^http:\/\/localhost:4123\/verify\?token=/);
  });
});
