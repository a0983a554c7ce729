import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, users } from "../../db/schema";
import { getLogger } from "../../logging/logger";
import { databaseKinds, uniqueEmail } from "../../testing/databases";
import { createUser } from "../users/create-user";
import { auditData, recordAuditEvent } from "./record-event";

describe("auditData", () => {
  it("drops fields that could hold a secret, scrubs key-shaped text and keeps values short", () => {
    const data = auditData({
      name: "prod",
      password: "hunter2",
      newPasswordHash: "$argon2id$…",
      refresh_token: "xrrt-abc",
      apiKey: "xr-0123456789abcdef",
      key: "xr-0123456789abcdef",
      note: "leaked xr-0123456789abcdefABCDEF in a note",
      nested: { clientSecret: "s3cret", scopes: ["chat"] },
      long: "x".repeat(1000),
    })!;
    expect(Object.keys(data).sort()).toEqual(["long", "name", "nested", "note"]);
    expect(data.note).toBe("leaked xr-[REDACTED] in a note");
    expect(data.nested).toEqual({ scopes: ["chat"] });
    expect((data.long as string).length).toBe(200);
    expect(JSON.stringify(data)).not.toMatch(/hunter2|argon2|xrrt-|s3cret|0123456789/);
  });
});

describe.each(databaseKinds)("the audit log on %s", (_kind, open) => {
  let handle: Awaited<ReturnType<typeof open>>;
  let userId: string;
  beforeAll(async () => {
    handle = await open();
    userId = (await createUser(handle.db, { email: uniqueEmail("audit") })).id;
  });
  afterAll(() => handle.cleanup());

  const eventsOf = (id: string) => handle.db.select().from(auditEvents).where(eq(auditEvents.userId, id));

  it("appends an event: the user is the actor unless told otherwise, with the request's source", async () => {
    await recordAuditEvent(handle.db, {
      kind: "key.renamed",
      userId,
      subject: "key_x",
      source: { ip: "203.0.113.7", userAgent: "curl/8" },
      data: { name: "new" },
    });
    const [event] = await eventsOf(userId);
    expect(event).toMatchObject({ kind: "key.renamed", userId, actorId: userId, subject: "key_x", ip: "203.0.113.7", userAgent: "curl/8", data: { name: "new" } });
    expect(event!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await recordAuditEvent(handle.db, { kind: "password.changed", userId });
    await expect(handle.db.update(auditEvents).set({ kind: "forged" }).where(eq(auditEvents.userId, userId))).rejects.toThrow();
    await expect(handle.db.delete(auditEvents).where(eq(auditEvents.userId, userId))).rejects.toThrow();
    await expect(handle.db.execute(sql`truncate audit_events`)).rejects.toThrow();
    expect((await eventsOf(userId)).map((e) => e.kind)).toContain("password.changed");
  });

  it("outlives the user it names: deleting the account leaves its events", async () => {
    const gone = await createUser(handle.db, { email: uniqueEmail("gone") });
    await recordAuditEvent(handle.db, { kind: "email.verified", userId: gone.id });
    await handle.db.delete(users).where(eq(users.id, gone.id));
    expect(await eventsOf(gone.id)).toHaveLength(1);
  });

  it("never fails the action: inside its transaction a failed event is logged and the action still commits", async () => {
    const logged = vi.spyOn(getLogger(), "error").mockImplementation(() => undefined);
    const renamed = `renamed-${crypto.randomUUID().slice(0, 8)}`;
    await handle.db.transaction(async (tx) => {
      await tx.update(users).set({ name: renamed }).where(eq(users.id, userId));
      // Postgres cannot store a NUL character in jsonb: the event's insert fails.
      await recordAuditEvent(tx, { kind: "key.created", userId, data: { name: "bad\u0000name" } });
      await recordAuditEvent(tx, { kind: "key.revoked", userId });
    });
    const [user] = await handle.db.select({ name: users.name }).from(users).where(eq(users.id, userId));
    expect(user!.name).toBe(renamed);
    const kinds = (await eventsOf(userId)).map((e) => e.kind);
    expect(kinds).toContain("key.revoked");
    expect(kinds).not.toContain("key.created");
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ kind: "key.created" }), "could not record an audit event");
    logged.mockRestore();
  });
});
