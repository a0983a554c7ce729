import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayInZone } from "../../core/format/time";
import type { DbHandle } from "../../db/client";
import { auditEvents, models } from "../../db/schema";
import { exportAuditCsv } from "../../services/audit/export-events-csv";
import { recordAuditEvent } from "../../services/audit/record-event";
import { createUser } from "../../services/users/create-user";
import { errorCode, openTrpcTestDb } from "../../testing/trpc";
import { createCaller } from "../root";

const MODEL_ID = "securitytest/model";
const BROWSER = { ip: "198.51.100.4", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const ADMIN_DESK = { ip: "192.0.2.99", userAgent: "admin-browser" };

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTrpcTestDb();
  await handle.db
    .insert(models)
    .values({
      id: MODEL_ID,
      provider: "securitytest",
      upstreamModel: "model",
      name: "Security test model",
      kind: "chat",
      contextLength: 4096,
      features: { tools: false, json: false, streaming: true, embeddings: false },
    })
    .onConflictDoNothing();
});
afterAll(async () => {
  await handle?.close();
});

/** A signed-in user calling from `source`, as the portal's tRPC context makes them. */
async function signedIn(role: "user" | "admin" = "user", source = BROWSER, password?: string) {
  const user = await createUser(handle.db, { email: `security-${crypto.randomUUID().slice(0, 8)}@example.test`, role, password, emailVerified: new Date() });
  return { user, caller: createCaller({ db: handle.db, user: { id: user.id, email: user.email, role }, source }) };
}

async function allOwnEvents(caller: Awaited<ReturnType<typeof signedIn>>["caller"]) {
  return (await caller.security.events({ limit: 200 })).items;
}

describe("security.events: the user's own audit log", () => {
  it("records every key action and a password change with where they came from, newest first, and no secret", async () => {
    const password = "the first password";
    const { user, caller } = await signedIn("user", BROWSER, password);
    const { key, record } = await caller.keys.create({ name: "ci", limitRub: "50", limitPeriod: "day", pauseOnAnomaly: true });
    expect(record).toMatchObject({ pauseOnAnomaly: true, disabledReason: null });
    await caller.keys.rename({ id: record.id, name: "ci-2" });
    await caller.keys.setDisabled({ id: record.id, disabled: true });
    await caller.keys.setDisabled({ id: record.id, disabled: false });
    await caller.keys.revoke({ id: record.id });
    await caller.account.changePassword({ current: password, next: "the second password" });

    const events = await allOwnEvents(caller);
    expect(events.map((e) => e.kind)).toEqual(["password.changed", "key.revoked", "key.enabled", "key.disabled", "key.renamed", "key.created"]);
    for (const event of events) expect(event).toMatchObject({ actor: "self", ip: BROWSER.ip, userAgent: BROWSER.userAgent });
    expect(events.find((e) => e.kind === "key.created")).toMatchObject({
      subject: record.id,
      data: { name: "ci", limitMicro: 50_000_000, limitPeriod: "day", pauseOnAnomaly: true },
    });
    expect(events.find((e) => e.kind === "key.renamed")!.data).toEqual({ name: "ci-2" });

    const serialized = JSON.stringify(events);
    expect(serialized).not.toContain(key);
    expect(serialized).not.toContain(key.slice(3, 20));
    expect(serialized).not.toContain(password);
    expect(serialized).not.toContain(user.passwordHash!);
  });

  it("is scoped to its owner: another user sees none of it, and a key they do not own changes nothing there", async () => {
    const a = await signedIn();
    const b = await signedIn();
    const { record } = await a.caller.keys.create({ name: "mine" });
    expect(await errorCode(b.caller.keys.revoke({ id: record.id }))).toBe("NOT_FOUND");
    expect((await allOwnEvents(a.caller)).map((e) => e.kind)).toEqual(["key.created"]);
    expect(await allOwnEvents(b.caller)).toEqual([]);
  });

  it("shows an admin's action on the account as by an administrator, without the admin's address", async () => {
    const user = await signedIn();
    const admin = await signedIn("admin", ADMIN_DESK);
    await admin.caller.admin.setUserDisabled({ id: user.user.id, disabled: true });
    const [event] = await allOwnEvents(user.caller);
    expect(event).toMatchObject({ kind: "admin.user_disabled", actor: "admin", ip: null, userAgent: null, subject: user.user.id });
    expect(JSON.stringify(event)).not.toContain(admin.user.id);
  });

  it("pages with a cursor, and needs a signed-in user", async () => {
    const { user, caller } = await signedIn();
    for (let i = 0; i < 5; i++) await recordAuditEvent(handle.db, { kind: "sign_in.succeeded", userId: user.id, data: { method: "credentials", i } });
    const first = await caller.security.events({ limit: 2 });
    const second = await caller.security.events({ limit: 2, cursor: first.nextCursor! });
    const third = await caller.security.events({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((e) => e.data?.i)).toEqual([4, 3, 2, 1, 0]);
    expect(third.nextCursor).toBeNull();
    expect(await errorCode(createCaller({ db: handle.db, user: undefined }).security.events({ limit: 10 }))).toBe("UNAUTHORIZED");
  });
});

describe("security.allEvents: everyone's log, for admins", () => {
  it("is FORBIDDEN to a regular user", async () => {
    const { caller } = await signedIn();
    expect(await errorCode(caller.security.allEvents({ limit: 10 }))).toBe("FORBIDDEN");
  });

  it("filters by user (email or id, as owner or actor), kind and UTC days", async () => {
    const admin = await signedIn("admin", ADMIN_DESK);
    const target = await signedIn();
    const other = await signedIn();
    await target.caller.keys.create({ name: "target key" });
    await other.caller.keys.create({ name: "other key" });
    await admin.caller.admin.setUserDisabled({ id: target.user.id, disabled: true });

    const byEmail = await admin.caller.security.allEvents({ user: target.user.email.toUpperCase(), limit: 50 });
    expect(byEmail.items.map((e) => e.kind)).toEqual(["admin.user_disabled", "key.created"]);
    expect(byEmail.items[0]).toMatchObject({ userEmail: target.user.email, actorEmail: admin.user.email, ip: ADMIN_DESK.ip });

    const byActor = await admin.caller.security.allEvents({ user: admin.user.id, limit: 50 });
    expect(byActor.items.map((e) => [e.kind, e.userId])).toEqual([["admin.user_disabled", target.user.id]]);

    const created = await admin.caller.security.allEvents({ kind: "key.created", limit: 200 });
    expect(created.items.every((e) => e.kind === "key.created")).toBe(true);
    expect(created.items.map((e) => e.userId)).toEqual(expect.arrayContaining([target.user.id, other.user.id]));

    const today = dayInZone(new Date());
    expect((await admin.caller.security.allEvents({ user: target.user.id, from: today, to: today, limit: 50 })).items).toHaveLength(2);
    expect((await admin.caller.security.allEvents({ user: target.user.id, to: "2001-01-01", limit: 50 })).items).toEqual([]);
    expect(await errorCode(admin.caller.security.allEvents({ from: today, to: "2001-01-01", limit: 10 }))).toBe("BAD_REQUEST");
    expect(await errorCode(admin.caller.security.allEvents({ user: "usr_\u0000", limit: 10 }))).toBe("BAD_REQUEST");
  });

  it("reads the days of the filter in the admin's own time zone", async () => {
    const admin = await signedIn("admin", ADMIN_DESK);
    const { user } = await signedIn();
    // 23:30 on 31 March in Moscow is 06:30 on 1 April in Vladivostok.
    await handle.db.insert(auditEvents).values({ kind: "sign_in.failed", userId: user.id, actorId: user.id, createdAt: new Date("2025-03-31T20:30:00Z") });
    const onDay = async (day: string) => (await admin.caller.security.allEvents({ user: user.id, from: day, to: day, limit: 10 })).items.length;
    expect([await onDay("2025-03-31"), await onDay("2025-04-01")]).toEqual([1, 0]);
    await admin.caller.account.setTimeZone({ zone: "Asia/Vladivostok" });
    expect([await onDay("2025-03-31"), await onDay("2025-04-01")]).toEqual([0, 1]);
  });

  it("records admin changes to prices, the markup and users with the admin as actor", async () => {
    const admin = await signedIn("admin", ADMIN_DESK);
    await admin.caller.pricing.setPrice({ modelId: MODEL_ID, input: "1.5", output: "3", cachedInput: "0", status: "confirmed" });
    const { percent } = await admin.caller.pricing.markup();
    await admin.caller.pricing.setMarkup({ percent });
    const mine = await admin.caller.security.allEvents({ user: admin.user.id, limit: 50 });
    expect(mine.items.map((e) => e.kind)).toEqual(["admin.markup_set", "admin.price_set"]);
    expect(mine.items[1]).toMatchObject({ userId: null, actorId: admin.user.id, subject: MODEL_ID, data: { input: 1_500_000, output: 3_000_000, status: "confirmed" } });
  });

  it("records provider account changes, naming the replaced settings but never their values", async () => {
    const admin = await signedIn("admin", ADMIN_DESK);
    const secret = `sk-audit-${crypto.randomUUID()}`;
    const rotated = `sk-rotated-${crypto.randomUUID()}`;
    const account = await admin.caller.routing.createAccount({
      provider: "mts",
      name: "audited",
      weight: 1,
      priority: 0,
      concurrency: 1,
      models: null,
      upstreamModels: {},
      credentials: { apiKey: secret, baseUrl: "https://mws.example/v1" },
    });
    await admin.caller.routing.updateAccount({ id: account.id, weight: 5 });
    await admin.caller.routing.replaceCredentials({ id: account.id, credentials: { apiKey: rotated } });
    await admin.caller.routing.deleteAccount({ id: account.id });
    const events = (await admin.caller.security.allEvents({ user: admin.user.id, limit: 50 })).items;
    expect(events.map((e) => [e.kind, e.subject])).toEqual([
      ["admin.provider_account_deleted", account.id],
      ["admin.provider_account_credentials_replaced", account.id],
      ["admin.provider_account_updated", account.id],
      ["admin.provider_account_created", account.id],
    ]);
    expect(events[1]!.data).toEqual({ settings: ["apiKey"] });
    expect(events[2]!.data).toMatchObject({ weight: 5 });
    expect(JSON.stringify(events)).not.toMatch(new RegExp(`${secret}|${rotated}`));
  });

  it("exports the filtered events as CSV, with spreadsheet formulas defused", async () => {
    const { user } = await signedIn();
    await recordAuditEvent(handle.db, { kind: "sign_in.failed", userId: user.id, source: { ip: "203.0.113.9", userAgent: "=HYPERLINK(\"x\")" }, data: { reason: "wrong_password" } });
    const exported = async (variant: "machine" | "excel-ru") => {
      let csv = "";
      for await (const chunk of exportAuditCsv(handle.db, { user: user.id }, { variant })) csv += chunk;
      return csv;
    };
    const machine = await exported("machine");
    const lines = machine.trimEnd().split("\r\n");
    expect(lines[0]).toBe("time_utc,kind,user_id,user_email,actor_id,actor_email,subject,ip,user_agent,data");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
    expect(lines[1]).toContain(`,sign_in.failed,${user.id},${user.email},${user.id},${user.email},,203.0.113.9,"'=HYPERLINK(""x"")",`);
    expect(lines[1]).toContain('"{""reason"":""wrong_password""}"');
    // Russian Excel's file: a BOM, semicolons, Moscow wall-clock time.
    const excel = (await exported("excel-ru")).split("\r\n");
    expect(excel[0]).toBe("\uFEFFtime_msk;kind;user_id;user_email;actor_id;actor_email;subject;ip;user_agent;data");
    expect(excel[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d;sign_in\\.failed;${user.id};`));
  });
});
