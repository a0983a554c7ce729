import { and, eq } from "drizzle-orm";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../../billing";
import { getDb } from "../../db";
import { apiKeys, batches, batchItems, ledger, users } from "../../db/schema";
import { newTimeOrderedId } from "../../ids";
import { flushRequests } from "../../gateway/recorder";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { checkLedger } from "../billing/check-ledger";
import { addCredits } from "../credits/add-credits";
import { createKey } from "../keys/create-key";
import { addMember } from "../organizations/add-member";
import { createOrganization } from "../organizations/create-organization";
import { removeMember } from "../organizations/remove-member";
import { setMemberLimit } from "../organizations/set-member-limit";
import { createUser } from "../users/create-user";
import { batchPrincipal } from "./worker";

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ XROUTER_BATCH_POLL_MS: "100" });
});
afterAll(() => api.close());

const sdk = (key: string) => new OpenAI({ baseURL: api.baseURL, apiKey: key, maxRetries: 0 });
const MODEL = "yandex/yandexgpt";

const line = (customId: string, text: string, model = MODEL) =>
  JSON.stringify({
    custom_id: customId,
    method: "POST",
    url: "/v1/chat/completions",
    body: { model, max_tokens: 50, messages: [{ role: "user", content: text }] },
  });

async function settled() {
  await Promise.all([getBilling().charges.flush(), flushRequests()]);
}

async function charges(userId: string) {
  await settled();
  return (await getDb())
    .select()
    .from(ledger)
    .where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge")));
}

async function balanceOf(userId: string) {
  const [row] = await (await getDb()).select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
  return row!.balance;
}

async function until(client: OpenAI, id: string, statuses: string[]) {
  for (let i = 0; i < 200; i++) {
    const batch = await client.batches.retrieve(id);
    if (statuses.includes(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`batch ${id} never reached ${statuses.join("/")}`);
}

/** A batch of two pending lines on the key, as POST /batches writes it. */
async function queuedBatch(userId: string, keyId: string, status: "in_progress" | "validating") {
  const db = await getDb();
  const id = `batch_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const now = new Date();
  await db.insert(batches).values({
    id,
    userId,
    keyId,
    inputFileId: "file-none",
    model: MODEL,
    status,
    createdAt: now,
    inProgressAt: now,
    expiresAt: new Date(now.getTime() + 24 * 3_600_000),
  });
  await db.insert(batchItems).values(
    ["a", "b"].map((customId, line) => ({
      id: newTimeOrderedId("req"),
      batchId: id,
      line: line + 1,
      customId,
      body: { model: MODEL, max_tokens: 50, messages: [{ role: "user", content: customId }] },
    })),
  );
  return id;
}

/**
 * The batch's lines once none is pending or running (the worker runs every 100 ms here; a minute allows for a
 * machine busy with the rest of the suite: a loaded CI run once needed more than 20 s).
 */
async function linesWhenDone(batchId: string) {
  const db = await getDb();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const items = await db.select().from(batchItems).where(eq(batchItems.batchId, batchId)).orderBy(batchItems.line);
    if (items.every((item) => item.status !== "pending" && item.status !== "running")) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`batch ${batchId} never finished`);
}

// A test may wait up to a minute per batch (linesWhenDone).
describe("batches", { timeout: 150_000 }, () => {
  it("runs a batch through the openai SDK on Yandex's async mode, charging half the sync price per line", async () => {
    const { key, userId } = await createTestKey({ creditRub: 100 });
    const client = sdk(key);
    const file = await client.files.create({
      file: await toFile(
        Buffer.from([line("a", "first question"), line("b", "second question")].join("\n")),
        "in.jsonl",
      ),
      purpose: "batch",
    });
    expect(file).toMatchObject({ object: "file", purpose: "batch" });
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    expect(created).toMatchObject({
      object: "batch",
      status: "in_progress",
      request_counts: { total: 2, completed: 0, failed: 0 },
    });

    const done = await until(client, created.id, ["completed", "failed", "expired", "cancelled"]);
    expect(done).toMatchObject({
      status: "completed",
      request_counts: { total: 2, completed: 2, failed: 0 },
      error_file_id: null,
    });
    const output = (await (await client.files.content(done.output_file_id!)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(
      output.map((l) => [l.custom_id, l.response.status_code, l.response.body.choices[0].message.content]),
    ).toEqual([
      ["a", 200, "Echo: first question"],
      ["b", 200, "Echo: second question"],
    ]);
    expect(output[0].response.body).toMatchObject({ object: "chat.completion", model: MODEL });

    // The same request synchronously: the batch line's charge is half of it.
    const sync = await client.chat.completions.create({
      model: MODEL,
      max_tokens: 50,
      messages: [{ role: "user", content: "first question" }],
    });
    const rows = await charges(userId);
    expect(rows).toHaveLength(3);
    const byReference = new Map(rows.map((r) => [r.reference, -r.amountMicro]));
    const syncCost = byReference.get(`req_${sync.id.slice("chatcmpl-".length)}`)!;
    const lineCost = byReference.get(output[0].response.request_id)!;
    expect(syncCost).toBeGreaterThan(2);
    expect(Math.abs(lineCost - syncCost / 2)).toBeLessThanOrEqual(1);
    expect(rows.every((r) => r.priceId! > 0)).toBe(true);
    // No hold is left once the batch ended.
    expect(await getBilling().meter.available(userId)).toBe(await balanceOf(userId));
  });

  it("refuses a file whose model has no async mode, naming the line and why", async () => {
    const client = sdk((await createTestKey()).key);
    const upload = (lines: string[]) =>
      client.files.create({ file: new File([lines.join("\n")], "in.jsonl"), purpose: "batch" });
    const gigachat = await upload([line("a", "hi", "gigachat/GigaChat-2-Max")]).catch((err: unknown) => err);
    expect(gigachat).toBeInstanceOf(OpenAI.BadRequestError);
    expect((gigachat as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(
      /line 1: body\.model: 'gigachat\/GigaChat-2-Max' has no async mode here/,
    );
    const mixed = await upload([line("a", "hi"), line("b", "hi", "gigachat/GigaChat-2-Max")]).catch(
      (err: unknown) => err,
    );
    expect((mixed as Error).message).toMatch(/line 2: body\.model 'gigachat\/GigaChat-2-Max' differs/);
    const broken = await upload([line("a", "hi"), "{not json"]).catch((err: unknown) => err);
    expect((broken as Error).message).toMatch(/line 2: is not valid JSON/);
    const forced = JSON.stringify({
      custom_id: "f",
      method: "POST",
      url: "/v1/chat/completions",
      body: {
        model: MODEL,
        messages: [{ role: "user", content: "hi" }],
        tool_choice: { type: "function", function: { name: "nope" } },
      },
    });
    const undeclared = await upload([line("a", "hi"), forced]).catch((err: unknown) => err);
    expect((undeclared as Error).message).toMatch(/line 2: body\.tool_choice: 'nope' is not among the tools/);
  });

  it("cancels: lines not yet submitted cost nothing, running ones are charged, and no hold is left", async () => {
    const { key, userId } = await createTestKey({ creditRub: 100 });
    const client = sdk(key);
    const lines = Array.from({ length: 25 }, (_, i) => line(`c${i}`, `[[slow:800]] line ${i}`));
    const file = await client.files.create({ file: new File([lines.join("\n")], "in.jsonl"), purpose: "batch" });
    const before = await balanceOf(userId);
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    // Cancelled once the worker's first run submitted some lines (10 a run): others are still pending.
    const running = async () =>
      (
        await (
          await getDb()
        )
          .select()
          .from(batchItems)
          .where(and(eq(batchItems.batchId, created.id), eq(batchItems.status, "running")))
      ).length;
    while ((await running()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const cancelling = await client.batches.cancel(created.id);
    expect(["cancelling", "cancelled"]).toContain(cancelling.status);
    const done = await until(client, created.id, ["cancelled"]);
    expect(done.request_counts!.total).toBe(25);
    expect(done.request_counts!.failed).toBeGreaterThanOrEqual(1);
    expect(done.request_counts!.completed).toBeGreaterThanOrEqual(1);
    expect(done.request_counts!.completed + done.request_counts!.failed).toBe(25);
    const errors = (await (await client.files.content(done.error_file_id!)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(errors.some((e) => e.error?.code === "batch_cancelled")).toBe(true);
    const rows = await charges(userId);
    expect(rows).toHaveLength(done.request_counts!.completed);
    const spent = rows.reduce((sum, r) => sum - r.amountMicro, 0);
    expect(await balanceOf(userId)).toBe(before - spent);
    expect(await getBilling().meter.available(userId)).toBe(before - spent);
  });

  it("keeps batches and files to their owner: another user gets 404", async () => {
    const owner = sdk((await createTestKey()).key);
    const other = sdk((await createTestKey()).key);
    const file = await owner.files.create({ file: new File([line("a", "mine")], "in.jsonl"), purpose: "batch" });
    const batch = await owner.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    await expect(other.batches.retrieve(batch.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(other.batches.cancel(batch.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(other.files.content(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      other.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await other.batches.list()).data).toEqual([]);
    expect((await owner.batches.list()).data.map((b) => b.id)).toEqual([batch.id]);
    await until(owner, batch.id, ["completed"]);
  });

  it("holds an organization's batch to the monthly limit of the member who made its key", async () => {
    const db = await getDb();
    const owner = await createUser(db, { email: `batch-owner-${crypto.randomUUID().slice(0, 8)}@example.test` });
    const org = await createOrganization(db, { ownerUserId: owner.id, name: `Batch ${crypto.randomUUID().slice(0, 8)}` });
    await addCredits(db, { userId: org.walletUserId, amountMicro: 100_000_000, kind: "adjustment" });
    await setMemberLimit(db, { orgId: org.id, userId: owner.id, limitMicro: 1 });
    const { key, record } = await createKey(db, { userId: org.walletUserId, createdByUserId: owner.id });
    const client = sdk(key);
    const file = await client.files.create({ file: new File([line("a", "over the limit")], "in.jsonl"), purpose: "batch" });
    const refused = await client.batches
      .create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect((refused as Error).message).toMatch(/member's monthly spending limit/);
    // The worker holds each line with the member's limit as it stands when the line is submitted.
    const { principal, refused: keyRefused } = await batchPrincipal(db, { userId: org.walletUserId, keyId: record.id });
    expect(keyRefused).toBeUndefined();
    expect(principal.member).toEqual({ userId: owner.id, limitMicro: 1 });
    expect(await charges(org.walletUserId)).toEqual([]);
  });

  it("fails the queued lines of a key that stopped working, with the gateway's 401, and charges nothing", async () => {
    const db = await getDb();
    const owner = await createUser(db, { email: `batch-stop-${crypto.randomUUID().slice(0, 8)}@example.test` });
    const org = await createOrganization(db, { ownerUserId: owner.id, name: `Stop ${crypto.randomUUID().slice(0, 8)}` });
    await addCredits(db, { userId: org.walletUserId, amountMicro: 100_000_000, kind: "adjustment" });
    const developer = await createUser(db, { email: `batch-dev-${crypto.randomUUID().slice(0, 8)}@example.test` });
    await addMember(db, { orgId: org.id, userId: developer.id, role: "developer" });
    const disabled = (await createKey(db, { userId: org.walletUserId, createdByUserId: developer.id })).record;
    await db.update(apiKeys).set({ disabledAt: new Date() }).where(eq(apiKeys.id, disabled.id));
    // A removed member's key, turned back on by someone: its spending would count towards no member's limit.
    const orphan = (await createKey(db, { userId: org.walletUserId, createdByUserId: developer.id })).record;
    await removeMember(db, { orgId: org.id, userId: developer.id, actorRole: "owner" });
    await db.update(apiKeys).set({ disabledAt: null, disabledReason: null }).where(eq(apiKeys.id, orphan.id));

    for (const [keyId, message] of [
      [disabled.id, "this API key is disabled"],
      [orphan.id, "this API key's maker is no longer a member of its organization"],
    ] as const) {
      const batchId = await queuedBatch(org.walletUserId, keyId, "in_progress");
      const items = await linesWhenDone(batchId);
      expect(items.map((i) => [i.status, i.response])).toEqual(
        items.map(() => ["failed", { status_code: 401, code: "invalid_api_key", type: "authentication_error", message }]),
      );
    }
    expect(await charges(org.walletUserId)).toEqual([]);
  });

  it("refuses expired keys and disabled owners as the gateway does", async () => {
    const db = await getDb();
    const { id: userId } = await createUser(db, { email: `batch-exp-${crypto.randomUUID().slice(0, 8)}@example.test` });
    const { record: expired } = await createKey(db, { userId });
    await db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, expired.id));
    expect((await batchPrincipal(db, { userId, keyId: expired.id })).refused?.message).toBe("this API key has expired");
    await db.update(apiKeys).set({ expiresAt: null }).where(eq(apiKeys.id, expired.id));
    expect((await batchPrincipal(db, { userId, keyId: expired.id })).refused).toBeUndefined();
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    expect((await batchPrincipal(db, { userId, keyId: expired.id })).refused?.message).toBe("this account is disabled");
  });

  it("removing a member cancels the open batches of the keys it disables", async () => {
    const db = await getDb();
    const owner = await createUser(db, { email: `batch-rm-${crypto.randomUUID().slice(0, 8)}@example.test` });
    const org = await createOrganization(db, { ownerUserId: owner.id, name: `Rm ${crypto.randomUUID().slice(0, 8)}` });
    const developer = await createUser(db, { email: `batch-rm-dev-${crypto.randomUUID().slice(0, 8)}@example.test` });
    await addMember(db, { orgId: org.id, userId: developer.id, role: "developer" });
    const { record } = await createKey(db, { userId: org.walletUserId, createdByUserId: developer.id });
    // Still validating, so the worker leaves it alone until the removal decides its fate.
    const batchId = await queuedBatch(org.walletUserId, record.id, "validating");
    await removeMember(db, { orgId: org.id, userId: developer.id, actorRole: "owner" });
    const [batch] = await db.select().from(batches).where(eq(batches.id, batchId));
    expect(["cancelling", "cancelled"]).toContain(batch!.status);
    const items = await linesWhenDone(batchId);
    expect(items.map((i) => i.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("leaves the ledger clean", async () => {
    await settled();
    expect((await checkLedger(await getDb())).problems).toEqual([]);
  });
});
