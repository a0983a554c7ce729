import { eq } from "drizzle-orm";
import type { Account, Profile, User } from "next-auth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../db/client";
import { accounts, users } from "../db/schema";
import { createUser } from "../services/users/create-user";
import { MemoryStore } from "../store/memory";
import { openTrpcTestDb } from "../testing/trpc";
import { authOptions } from "./next-auth";
import { requestProviderLink } from "./provider-link";

// The callback runs inside a Next request: its cookies and the signed-in session are stubbed here.
const request = vi.hoisted(() => ({ cookies: new Map<string, string>(), sessionUserId: undefined as string | undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => void request.cookies.set(name, value),
  }),
}));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (request.sessionUserId ? { user: { id: request.sessionUserId } } : null),
}));

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
  (globalThis as { __xrouterStore?: unknown }).__xrouterStore = new MemoryStore();
});
afterAll(async () => {
  await handle?.close();
});

const unique = () => crypto.randomUUID().slice(0, 8);
const newAccount = async (extra: { disabledAt?: Date } = {}) => {
  const user = await createUser(handle.db, { email: `owner-${unique()}@example.test`, password: "owner password", emailVerified: new Date() });
  if (extra.disabledAt) await handle.db.update(users).set({ disabledAt: extra.disabledAt }).where(eq(users.id, user.id));
  return user;
};

/** What next-auth hands the signIn callback after GitHub: /user plus the /user/emails list we ask for. */
function gitHub(id: number, emails: { email: string; primary: boolean; verified: boolean }[]) {
  const publicEmail = emails.find((e) => e.primary)?.email ?? null;
  return {
    user: { id: String(id), name: "Octo", email: publicEmail } as User,
    account: { provider: "github", providerAccountId: String(id), type: "oauth" } as Account,
    profile: { id, login: "octo", email: publicEmail, emails } as unknown as Profile,
  };
}

/** What next-auth hands the signIn callback after Yandex ID (login.yandex.ru/info). */
function yandex(id: string, email: string) {
  return {
    user: { id, name: "Вася", email } as User,
    account: { provider: "yandex", providerAccountId: id, type: "oauth" } as Account,
    profile: { id, login: "vasya", default_email: email, emails: [email] } as unknown as Profile,
  };
}

const signIn = (args: { user: User; account: Account; profile: Profile }) => authOptions().callbacks!.signIn!(args);
const linksOf = (userId: string) => handle.db.select().from(accounts).where(eq(accounts.userId, userId));

describe("OAuth sign-in callback", () => {
  it("does not attach a GitHub account whose primary email is unverified; it asks to link instead", async () => {
    const owner = await newAccount();
    const attempt = gitHub(Date.now(), [{ email: owner.email, primary: true, verified: false }]);
    expect(await signIn(attempt)).toBe("/login?error=link_required");
    expect(await linksOf(owner.id)).toEqual([]);

    const stranger = gitHub(Date.now() + 1, [{ email: `new-${unique()}@example.test`, primary: true, verified: false }]);
    expect(await signIn(stranger)).toBe("/login?error=link_required");
    expect(await handle.db.select().from(users).where(eq(users.email, stranger.user.email!))).toEqual([]);
  });

  it("attaches a GitHub account by its primary verified email, then follows the link whatever the email", async () => {
    const owner = await newAccount();
    const id = Date.now() + 2;
    const first = gitHub(id, [
      { email: `other-${unique()}@example.test`, primary: false, verified: true },
      { email: owner.email.toUpperCase(), primary: true, verified: true },
    ]);
    expect(await signIn(first)).toBe(true);
    expect(first.user.id).toBe(owner.id);
    expect(await linksOf(owner.id)).toEqual([expect.objectContaining({ provider: "github", providerAccountId: String(id) })]);

    const later = gitHub(id, [{ email: `changed-${unique()}@example.test`, primary: true, verified: true }]);
    expect(await signIn(later)).toBe(true);
    expect(later.user.id).toBe(owner.id);
  });

  it("attaching to an account whose email was never confirmed drops the password someone else may have set", async () => {
    const squatted = await createUser(handle.db, { email: `squatted-${unique()}@example.test`, password: "squatter password" });
    const attempt = gitHub(Date.now() + 5, [{ email: squatted.email, primary: true, verified: true }]);
    expect(await signIn(attempt)).toBe(true);
    const [after] = await handle.db.select().from(users).where(eq(users.id, squatted.id));
    expect(after).toMatchObject({ passwordHash: null, sessionVersion: squatted.sessionVersion + 1 });
    expect(after!.emailVerified).toBeInstanceOf(Date);
  });

  it("creates a verified account for a new primary verified GitHub email", async () => {
    const email = `fresh-${unique()}@example.test`;
    const attempt = gitHub(Date.now() + 3, [{ email, primary: true, verified: true }]);
    expect(await signIn(attempt)).toBe(true);
    const [created] = await handle.db.select().from(users).where(eq(users.email, email));
    expect(created).toMatchObject({ id: attempt.user.id, passwordHash: null });
    expect(created!.emailVerified).toBeInstanceOf(Date);
  });

  it("never attaches a Yandex ID by its email: Yandex does not say the address is verified", async () => {
    const owner = await newAccount();
    expect(await signIn(yandex(`ya-${unique()}`, owner.email))).toBe("/login?error=link_required");
    expect(await linksOf(owner.id)).toEqual([]);
  });

  it("refuses a disabled account", async () => {
    const owner = await newAccount({ disabledAt: new Date() });
    const attempt = gitHub(Date.now() + 4, [{ email: owner.email, primary: true, verified: true }]);
    expect(await signIn(attempt)).toBe("/login?error=disabled");
  });

  it("links a Yandex ID to the signed-in user who asked, then signs in with it", async () => {
    const owner = await newAccount();
    const yandexId = `ya-${unique()}`;
    request.sessionUserId = owner.id;
    await requestProviderLink(owner.id, "yandex");
    const linking = yandex(yandexId, `someone-${unique()}@yandex.ru`);
    expect(await signIn(linking)).toBe(true);
    expect(linking.user.id).toBe(owner.id);

    request.sessionUserId = undefined;
    request.cookies.clear();
    const later = yandex(yandexId, `someone-${unique()}@yandex.ru`);
    expect(await signIn(later)).toBe(true);
    expect(later.user.id).toBe(owner.id);
  });

  it("ignores a link request once another user is signed in, and never moves a link between users", async () => {
    const [first, second] = [await newAccount(), await newAccount()];
    const yandexId = `ya-${unique()}`;
    request.sessionUserId = first.id;
    await requestProviderLink(first.id, "yandex");
    request.sessionUserId = second.id;
    expect(await signIn(yandex(yandexId, first.email))).toBe("/login?error=link_required");

    request.sessionUserId = first.id;
    await requestProviderLink(first.id, "yandex");
    expect(await signIn(yandex(yandexId, first.email))).toBe(true);
    request.sessionUserId = second.id;
    await requestProviderLink(second.id, "yandex");
    expect(await signIn(yandex(yandexId, second.email))).toBe("/account?error=link_taken");
    expect(await linksOf(second.id)).toEqual([]);
    request.sessionUserId = undefined;
    request.cookies.clear();
  });
});
