import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../db/client";
import { accounts, users } from "../db/schema";
import { signInWithProvider } from "../services/accounts/provider-sign-in";
import { listUsers } from "../services/admin/list-users";
import { createOrganization, walletEmail } from "../services/organizations/create-organization";
import { MemoryStore } from "../store/memory";
import { createPerson } from "../testing/organizations";
import { openTrpcTestDb } from "../testing/trpc";
import { authOptions } from "./next-auth";
import { hashPassword } from "./password";

vi.mock("./request-info", () => ({ requestIp: async () => "10.9.9.9", requestSource: async () => ({ ip: "10.9.9.9" }) }));

const PASSWORD = "a wallet must never log in";
let handle: DbHandle;
let wallet: { id: string; email: string };

beforeAll(async () => {
  handle = await openTrpcTestDb();
  (globalThis as { __xrouterStore?: unknown }).__xrouterStore = new MemoryStore();
  const owner = await createPerson(handle.db, "wallet-owner");
  const org = await createOrganization(handle.db, { ownerUserId: owner.id, name: `Wallet ${crypto.randomUUID()}` });
  wallet = { id: org.walletUserId, email: walletEmail(org.id) };
  // Even a wallet that somehow got a password and a verified address stays out.
  await handle.db.update(users).set({ passwordHash: await hashPassword(PASSWORD), emailVerified: new Date() }).where(eq(users.id, wallet.id));
});
afterAll(async () => {
  await handle?.close();
});

describe("an organization's wallet never signs in", () => {
  it("the password login answers as for an unknown address", async () => {
    const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as {
      options: { authorize: (credentials: Record<string, string>) => Promise<unknown> };
    };
    await expect(provider.options.authorize({ email: wallet.email, password: PASSWORD })).rejects.toThrow(/^invalid/);
  });

  it("a provider sign-in by its address or by a link to it is refused", async () => {
    expect(await signInWithProvider(handle.db, { provider: "github", providerAccountId: `gh-${crypto.randomUUID()}`, verifiedEmail: wallet.email })).toMatchObject({
      refused: "disabled",
    });
    const providerAccountId = `gh-${crypto.randomUUID()}`;
    await handle.db.insert(accounts).values({ userId: wallet.id, type: "oauth", provider: "github", providerAccountId });
    expect(await signInWithProvider(handle.db, { provider: "github", providerAccountId })).toMatchObject({ refused: "disabled" });
  });

  it("a session token naming it is invalid", async () => {
    const jwt = authOptions().callbacks!.jwt! as (params: { token: Record<string, unknown> }) => Promise<Record<string, unknown>>;
    expect(await jwt({ token: { uid: wallet.id, sv: 0 } })).toEqual({ invalid: true });
  });

  it("the admin user list shows people only", async () => {
    const { users: listed } = await listUsers(handle.db, { search: "organizations.invalid", limit: 50 });
    expect(listed).toEqual([]);
  });
});
