import { and, eq } from "drizzle-orm";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../../billing";
import { getDb } from "../../db";
import { batchItems, ledger, users } from "../../db/schema";
import { flushRequests } from "../../gateway/recorder";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { checkLedger } from "../billing/check-ledger";

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

describe("batches", () => {
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

  it("leaves the ledger clean", async () => {
    await settled();
    expect((await checkLedger(await getDb())).problems).toEqual([]);
  });
});
