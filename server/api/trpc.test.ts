import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db/client";
import { createTestUser, errorOf, openTrpcTestDb } from "../testing/trpc";
import { appRouter } from "./root";

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

describe("unexpected failures", () => {
  it("reach a caller as a generic 500 with a reference, never the database's error", async () => {
    const { user, caller } = await createTestUser(handle);
    // A NUL byte in a free-text filter makes Postgres itself fail the query.
    const error = await errorOf(caller.usage.recent({ model: "gigachat/\u0000" }));
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error.message).toMatch(/^internal error \(reference req_[0-9A-Za-z]{20}\)$/);
    expectNoInternals(error.message, user.id);
  });

  it("reach the portal over HTTP the same way, without a stack", async () => {
    const { user } = await createTestUser(handle);
    const input = encodeURIComponent(JSON.stringify({ json: { model: "gigachat/\u0000" } }));
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://localhost/api/trpc/usage.recent?input=${input}`),
      router: appRouter,
      createContext: () => ({ db: handle.db, user: { id: user.id, email: user.email, role: "user" as const } }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toMatch(/internal error \(reference req_[0-9A-Za-z]{20}\)/);
    expectNoInternals(text, user.id);
    expect(text).not.toContain("stack");
  });
});
