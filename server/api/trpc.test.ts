import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { createTestUser, errorOf, openTrpcTestDb } from "../testing/trpc";
import type { Db } from "../db";
import { appRouter } from "./root";
import { createCallerFactory } from "./trpc";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});

/** What a failed call must never show: SQL, its parameters, the caller's id. */
function expectNoInternals(message: string, userId: string) {
  expect(message).not.toMatch(/select|insert|update|from "|params|Failed query|invalid byte sequence|\$1/i);
  expect(message).not.toContain(userId);
  expect(message).not.toContain("\u0000");
}

const GARBAGE = ["key_\u0000", "\u0000", "key_' or 1=1 --", "key_aaaaaaaaaaaaaaaaaaa\u0000", "x".repeat(90), "usr_abc/../def"];

describe("ids in tRPC inputs", () => {
  it("refuses ids with NUL bytes and other garbage as BAD_REQUEST before any SQL", async () => {
    const admin = await createTestUser(handle, "admin");
    for (const id of GARBAGE) {
      const calls = [
        admin.caller.keys.rename({ id, name: "n" }),
        admin.caller.keys.revoke({ id }),
        admin.caller.admin.user({ id }),
        admin.caller.apps.revokeGrant({ grantId: id }),
        admin.caller.apps.remove({ clientId: id }),
        admin.caller.routing.deleteAccount({ id }),
        admin.caller.routing.deleteRule({ id }),
        admin.caller.usage.recent({ keyId: id }),
      ];
      for (const call of calls) {
        const error = await errorOf(call);
        expect(error.code).toBe("BAD_REQUEST");
        expectNoInternals(error.message, admin.user.id);
      }
    }
  });
});

describe("NUL characters in free text", () => {
  it("are refused as BAD_REQUEST before any SQL, wherever they sit in the input", async () => {
    const { user, caller } = await createTestUser(handle);
    for (const call of [caller.usage.recent({ model: "gigachat/\u0000" }), caller.keys.create({ name: "a\u0000b" })]) {
      const error = await errorOf(call);
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe("text in the request may not contain NUL characters");
      expectNoInternals(error.message, user.id);
    }
  });
});

/** A database whose every query fails the way Postgres does, with the SQL and its parameters in the message. */
const failingDb = (userId: string) =>
  new Proxy({} as Db, {
    get: () => {
      throw new Error(`Failed query: select "balance_micro" from "users" where "id" = $1\nparams: ${userId}`);
    },
  });

describe("unexpected failures", () => {
  it("reach a caller as a generic 500 with a reference, never the database's error", async () => {
    const { user } = await createTestUser(handle);
    const caller = createCallerFactory(appRouter)({ db: failingDb(user.id), user: { id: user.id, email: user.email, role: "user" } });
    const error = await errorOf(caller.billing.balance());
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error.message).toMatch(/^internal error \(reference req_[0-9A-Za-z]{20}\)$/);
    expectNoInternals(error.message, user.id);
  });

  it("reach the portal over HTTP the same way, without a stack", async () => {
    const { user } = await createTestUser(handle);
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/billing.balance"),
      router: appRouter,
      createContext: () => ({ db: failingDb(user.id), user: { id: user.id, email: user.email, role: "user" as const } }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toMatch(/internal error \(reference req_[0-9A-Za-z]{20}\)/);
    expectNoInternals(text, user.id);
    expect(text).not.toContain("stack");
  });
});
