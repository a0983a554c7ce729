import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import type { DbHandle } from "../../db/client";
import { requests } from "../../db/schema";
import { newId } from "../../ids";
import { createKey } from "../../services/keys/create-key";
import { dayInZone } from "../../core/format/time";
import { monthOf } from "../../services/billing/statement-period";
import { exportActivityCsvText } from "../../services/usage/export-activity-csv";
import { resolveRange } from "../../services/usage/filters";
import { createTestUser, openTrpcTestDb } from "../../testing/trpc";
import { createCaller } from "../root";

let handle: DbHandle;
let a: Awaited<ReturnType<typeof createTestUser>>;
let b: Awaited<ReturnType<typeof createTestUser>>;
let keyA1: string;
let keyA2: string;
let keyB: string;

const GIGA = "gigachat/GigaChat-2";
const LITE = "yandex/yandexgpt-lite";
const MAX = "gigachat/GigaChat-2-Max";
// Days are Moscow days (UTC+3), as on the ledger and the statements: the fixtures are written in Moscow time.
const range = { from: "2025-03-10", to: "2025-03-11" };

type Row = typeof requests.$inferInsert;
function row(userId: string, at: string, extra: Partial<Row>): Row {
  return { id: newId("req"), userId, endpoint: "/v1/chat/completions", model: GIGA, provider: "gigachat", status: 200, latencyMs: 100, createdAt: new Date(at), ...extra };
}

async function expectNotFound(promise: Promise<unknown>) {
  await expect(promise).rejects.toSatisfy((err) => err instanceof TRPCError && err.code === "NOT_FOUND");
}

beforeAll(async () => {
  handle = await openTrpcTestDb();
  a = await createTestUser(handle);
  b = await createTestUser(handle);
  keyA1 = (await createKey(handle.db, { userId: a.user.id, name: "prod" })).record.id;
  keyA2 = (await createKey(handle.db, { userId: a.user.id, name: 'dev, "test"\nline two' })).record.id;
  keyB = (await createKey(handle.db, { userId: b.user.id, name: "b-key" })).record.id;
  await handle.db.insert(requests).values([
    row(a.user.id, "2025-03-10T10:15:00+03:00", { keyId: keyA1, promptTokens: 100, completionTokens: 50, costMicro: 1_500_000, latencyMs: 200, firstTokenMs: 50 }),
    row(a.user.id, "2025-03-10T10:45:00+03:00", { keyId: keyA2, model: LITE, provider: "yandex", promptTokens: 20, completionTokens: 10, costMicro: 250_000, latencyMs: 400 }),
    row(a.user.id, "2025-03-11T05:00:00+03:00", { keyId: null, model: MAX, promptTokens: 5, completionTokens: 5, costMicro: 10, latencyMs: 100 }),
    row(a.user.id, "2025-03-11T23:59:59.999+03:00", { keyId: keyA2, status: 502, errorCode: "upstream_error", latencyMs: 600 }),
    // Outside the range on both sides.
    row(a.user.id, "2025-03-09T23:59:59.999+03:00", { keyId: keyA1, costMicro: 7 }),
    row(a.user.id, "2025-03-12T00:00:00+03:00", { keyId: keyA1, costMicro: 7 }),
    // Still March 31 in UTC, already April 1 in Moscow: April's, in Activity as on the statement.
    row(a.user.id, "2025-03-31T22:30:00Z", { keyId: keyA1, costMicro: 3 }),
    // Another user's rows, in range, on the same models.
    row(b.user.id, "2025-03-10T10:20:00+03:00", { keyId: keyB, promptTokens: 999, costMicro: 9_999_999 }),
    row(b.user.id, "2025-03-11T10:20:00+03:00", { keyId: keyB, model: LITE, provider: "yandex", costMicro: 1 }),
  ]);
});
afterAll(() => handle?.close());

describe("usage.summary", () => {
  it("totals, an hourly series and breakdowns for a two-day range", async () => {
    const s = await a.caller.usage.summary(range);
    expect(s.range).toEqual({ from: "2025-03-10", to: "2025-03-11", bucket: "hour", zone: "Europe/Moscow" });
    expect(s.totals).toEqual({ requests: 4, promptTokens: 125, completionTokens: 65, costMicro: 1_750_010, errors: 1, avgLatencyMs: 325 });

    expect(s.series).toHaveLength(48);
    // Buckets are UTC instants: Moscow's midnight of March 10 is 21:00 UTC the day before.
    expect(s.series[0]!.at).toBe("2025-03-09T21:00Z");
    expect(s.series.at(-1)!.at).toBe("2025-03-11T20:00Z");
    expect(s.series.find((p) => p.at === "2025-03-10T07:00Z")).toEqual({ at: "2025-03-10T07:00Z", requests: 2, costMicro: 1_750_000 });
    expect(s.series.find((p) => p.at === "2025-03-11T20:00Z")!.requests).toBe(1);
    expect(s.series.reduce((n, p) => n + p.requests, 0)).toBe(4);

    expect(s.byModel.map((r) => [r.label, r.requests, r.promptTokens, r.completionTokens, r.costMicro])).toEqual([
      [GIGA, 2, 100, 50, 1_500_000],
      [LITE, 1, 20, 10, 250_000],
      [MAX, 1, 5, 5, 10],
    ]);
    expect(s.byProvider.map((r) => [r.label, r.requests, r.costMicro])).toEqual([
      ["gigachat", 3, 1_500_010],
      ["yandex", 1, 250_000],
    ]);
    const byKey = Object.fromEntries(s.byKey.map((r) => [r.id ?? "none", [r.label, r.requests, r.costMicro, r.detail?.startsWith("xr-")]]));
    expect(byKey).toEqual({
      [keyA1]: ["prod", 1, 1_500_000, true],
      [keyA2]: ['dev, "test"\nline two', 2, 250_000, true],
      none: ["", 1, 10, undefined],
    });
  });

  it("a daily series for longer ranges", async () => {
    const s = await a.caller.usage.summary({ from: "2025-03-01", to: "2025-03-31" });
    expect(s.range.bucket).toBe("day");
    expect(s.series).toHaveLength(31);
    expect(s.series.find((p) => p.at === "2025-03-09T21:00Z")).toEqual({ at: "2025-03-09T21:00Z", requests: 2, costMicro: 1_750_000 });
    expect(s.series.find((p) => p.at === "2025-03-08T21:00Z")!.costMicro).toBe(7);
    expect(s.totals.requests).toBe(6);
  });

  it("counts a request in the Moscow day (and statement month) it was made in, not the UTC one", async () => {
    const at = new Date("2025-03-31T22:30:00Z");
    const april = await a.caller.usage.summary({ from: "2025-04-01", to: "2025-04-01" });
    expect(april.totals).toMatchObject({ requests: 1, costMicro: 3 });
    expect([dayInZone(at), monthOf(at)]).toEqual(["2025-04-01", "2025-04"]);
    expect((await a.caller.usage.summary({ from: "2025-03-31", to: "2025-03-31" })).totals.requests).toBe(0);
  });

  it("filters by model and by key", async () => {
    const giga = await a.caller.usage.summary({ ...range, model: GIGA });
    expect(giga.totals).toMatchObject({ requests: 2, costMicro: 1_500_000, errors: 1 });
    expect(giga.byModel.map((r) => r.label)).toEqual([GIGA]);

    const dev = await a.caller.usage.summary({ ...range, keyId: keyA2 });
    expect(dev.totals).toMatchObject({ requests: 2, costMicro: 250_000 });
    expect(dev.byKey.map((r) => r.id)).toEqual([keyA2]);

    const both = await a.caller.usage.summary({ ...range, keyId: keyA2, model: LITE });
    expect(both.totals.requests).toBe(1);
    expect((await a.caller.usage.summary({ ...range, model: "nobody/none" })).totals.requests).toBe(0);
  });

  it("defaults to the last 7 days and validates the range", async () => {
    const s = await a.caller.usage.summary({});
    expect(s.range).toMatchObject({ to: dayInZone(new Date()), bucket: "day" });
    expect(s.series).toHaveLength(7);
    expect(resolveRange({ from: "2025-01-01", to: "2025-01-02" }).bucket).toBe("hour");
    expect(resolveRange({ from: "2025-01-01", to: "2025-01-03" }).bucket).toBe("day");

    await expect(a.caller.usage.summary({ from: "2025-03-12", to: "2025-03-10" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(a.caller.usage.summary({ from: "2024-01-01", to: "2025-01-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(a.caller.usage.summary({ from: "2024-03-10", to: "2025-03-10" })).resolves.toMatchObject({ range: { bucket: "day" } });
    await expect(a.caller.usage.summary({ from: "10.03.2025" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("needs a session", async () => {
    const anonymous = createCaller({ db: handle.db, user: undefined });
    await expect(anonymous.usage.summary(range)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("ownership: user B never sees A's rows and gets NOT_FOUND for A's key", async () => {
    const s = await b.caller.usage.summary(range);
    expect(s.totals).toMatchObject({ requests: 2, promptTokens: 999, costMicro: 10_000_000 });
    expect(s.byKey.map((r) => r.id)).toEqual([keyB]);
    await expectNotFound(b.caller.usage.summary({ ...range, keyId: keyA1 }));
    await expectNotFound(a.caller.usage.summary({ ...range, keyId: newId("key") }));
  });
});

describe("usage.recent", () => {
  it("pages through the range newest first with key names", async () => {
    const first = await a.caller.usage.recent({ ...range, limit: 3 });
    expect(first.items.map((r) => r.createdAt.toISOString())).toEqual([
      "2025-03-11T20:59:59.999Z",
      "2025-03-11T02:00:00.000Z",
      "2025-03-10T07:45:00.000Z",
    ]);
    expect(first.items[0]).toMatchObject({ status: 502, errorCode: "upstream_error", keyName: 'dev, "test"\nline two', latencyMs: 600 });
    expect(first.items[1]).toMatchObject({ keyId: null, keyName: null, model: MAX });
    expect(first.nextCursor).toBeTruthy();
    const second = await a.caller.usage.recent({ ...range, limit: 3, cursor: first.nextCursor });
    expect(second.items.map((r) => [r.model, r.keyName, r.costMicro, r.firstTokenMs])).toEqual([[GIGA, "prod", 1_500_000, 50]]);
    expect(second.nextCursor).toBeNull();
  });

  it("keeps microsecond order across pages", async () => {
    const c = await createTestUser(handle);
    for (const at of ["2025-04-01 00:00:00.123456+00", "2025-04-01 00:00:00.123457+00", "2025-04-01 00:00:00.123458+00"]) {
      await handle.db.execute(
        sql`insert into requests (id, user_id, endpoint, model, status, latency_ms, created_at) values (${newId("req")}, ${c.user.id}, '/v1/chat/completions', ${GIGA}, 200, 1, ${at}::timestamptz)`,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof c.caller.usage.recent>> = await c.caller.usage.recent({ from: "2025-04-01", to: "2025-04-01", limit: 1, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it("returns each request's upstream attempts and route reason", async () => {
    const d = await createTestUser(handle);
    const attempts = [
      { account: "demo:gigachat", provider: "gigachat", model: GIGA, status: 503, latencyMs: 40, error: "upstream unavailable" },
      { account: "acc_backup", provider: "gigachat", model: GIGA, status: 200, latencyMs: 120 },
    ];
    await handle.db.insert(requests).values([
      row(d.user.id, "2025-05-01T10:00:00Z", { attempts, routeReason: "fallback list; sorted by price" }),
      row(d.user.id, "2025-05-01T09:00:00Z", {}),
    ]);
    const page = await d.caller.usage.recent({ from: "2025-05-01", to: "2025-05-01" });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ routeReason: "fallback list; sorted by price", attempts });
    expect(page.items[1]).toMatchObject({ routeReason: null, attempts: [] });
    // Another user never sees them.
    expect((await b.caller.usage.recent({ from: "2025-05-01", to: "2025-05-01" })).items).toHaveLength(0);
  });

  it("filters by model and key and rejects a malformed cursor", async () => {
    expect((await a.caller.usage.recent({ ...range, model: LITE })).items.map((r) => r.model)).toEqual([LITE]);
    expect((await a.caller.usage.recent({ ...range, keyId: keyA1 })).items).toHaveLength(1);
    await expect(a.caller.usage.recent({ ...range, cursor: "bogus" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("ownership: user B never sees A's rows and gets NOT_FOUND for A's key", async () => {
    const page = await b.caller.usage.recent(range);
    expect(page.items.every((r) => r.keyId === keyB)).toBe(true);
    expect(page.items).toHaveLength(2);
    await expectNotFound(b.caller.usage.recent({ ...range, keyId: keyA2 }));
  });
});

describe("usage.filterOptions", () => {
  it("ownership: lists only the user's own models and keys", async () => {
    const forA = await a.caller.usage.filterOptions();
    expect(forA.keys.map((k) => k.id).sort()).toEqual([keyA1, keyA2].sort());
    const forB = await b.caller.usage.filterOptions();
    expect(forB.keys.map((k) => k.id)).toEqual([keyB]);
    expect(forB.keys[0]).toMatchObject({ name: "b-key", revoked: false });
  });
});

describe("CSV export", () => {
  it("exports the user's requests in the range for programs: commas, dot decimals, ISO UTC times", async () => {
    const text = (await exportActivityCsvText(handle.db, a.user.id, range, { variant: "machine" }))!;
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "time_utc,request_id,model,provider,key_name,key_prefix,endpoint,stream,status,error_code,finish_reason,prompt_tokens,completion_tokens,cached_tokens,cost_rub,latency_ms,first_token_ms",
    );
    expect(text.endsWith("\r\n")).toBe(true);
    // 4 records; the quoted key name holds a bare LF, so records are counted by their CRLF terminators.
    expect(lines.filter(Boolean)).toHaveLength(5);
    expect(text).toContain('"dev, ""test""\nline two"');
    expect(lines[1]).toMatch(/^2025-03-11T20:59:59\.999Z,req_\w+,gigachat\/GigaChat-2,gigachat,"dev, ""test""/);
    expect(text).toContain(",1.50,200,50\r\n");
    expect(text).not.toContain("b-key");

    const filtered = (await exportActivityCsvText(handle.db, a.user.id, { ...range, model: LITE }, { variant: "machine" }))!;
    expect(filtered.split("\r\n").filter(Boolean)).toHaveLength(2);
  });

  it("exports for Russian Excel by default: BOM, semicolons, comma decimals, Moscow times", async () => {
    const text = (await exportActivityCsvText(handle.db, a.user.id, range))!;
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "\uFEFFtime_msk;request_id;model;provider;key_name;key_prefix;endpoint;stream;status;error_code;finish_reason;prompt_tokens;completion_tokens;cached_tokens;cost_rub;latency_ms;first_token_ms",
    );
    expect(lines[1]).toMatch(/^2025-03-11 23:59:59;req_\w+;gigachat\/GigaChat-2;gigachat;"dev, ""test""/);
    expect(text).toContain(";1,50;200;50\r\n");
    expect(text).toContain(";0,00001;100;\r\n");
  });

  it("ownership: another user's key gives nothing", async () => {
    expect(await exportActivityCsvText(handle.db, b.user.id, { ...range, keyId: keyA1 })).toBeUndefined();
    const own = (await exportActivityCsvText(handle.db, b.user.id, range))!;
    expect(own.split("\r\n").filter(Boolean)).toHaveLength(3);
  });
});
