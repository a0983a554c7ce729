import { TRPCError } from "@trpc/server";
import { expect, inject } from "vitest";
import { createCaller } from "../api/root";
import { openDb, type DbHandle } from "../db/client";
import { migrate } from "../db/migrate";
import { createUser } from "../services/users/create-user";

/**
 * tRPC callers on the run's real Postgres database, one per user, exactly as the portal calls them
 * (ownership comes from the session user in the context). Call `open()` once per test file.
 */
export async function openTrpcTestDb(): Promise<DbHandle> {
  process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-42";
  const handle = await openDb({ databaseUrl: inject("testDatabaseUrl"), dataDir: "/nonexistent" });
  await migrate(handle);
  (globalThis as { __xrouterDb?: Promise<DbHandle> }).__xrouterDb = Promise.resolve(handle);
  return handle;
}

export async function createTestUser(handle: DbHandle, role: "user" | "admin" = "user") {
  const user = await createUser(handle.db, {
    email: `trpc-${crypto.randomUUID().slice(0, 8)}@example.test`,
    role,
    emailVerified: new Date(),
  });
  const caller = createCaller({ db: handle.db, user: { id: user.id, email: user.email, role } });
  return { user, caller };
}

/** The TRPCError a tRPC call fails with; fails the test if the call succeeds or throws anything else. */
export async function errorOf(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError;
  }
  throw new Error("expected the call to fail");
}

/** The TRPCError code a tRPC call fails with. */
export async function errorCode(call: Promise<unknown>): Promise<string> {
  return (await errorOf(call)).code;
}
