import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../billing";
import { costMicro } from "../billing/cost";
import { getCatalog } from "../core/catalog";
import { getDb } from "../db";
import { ledger, requests } from "../db/schema";
import { countPromptTokens } from "../providers/emulator/replies";
import { checkLedger } from "../services/billing/check-ledger";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { flushRequests } from "./recorder";

/**
 * Issue 17 §3: a stream cut mid-answer is billed with the provider's own tokenizer where there is one. The emulators'
 * tokenizers differ from the gateway's 4-characters estimate on Cyrillic: GigaChat's /tokens/count is ceil(UTF-8
 * bytes / 4), Yandex's tokenize one token per word (tokenizeCompletion counts the prompt as its usage does).
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const estimate = (text: string) => Math.ceil(text.length / 4);
const gigachatTokens = (text: string) => Math.max(1, Math.ceil(Buffer.byteLength(text) / 4));
const yandexWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The text a streamed answer delivered, in any of the three APIs' event forms. */
function deliveredText(sse: string): string {
  let text = "";
  for (const line of sse.split("\n")) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    const event = JSON.parse(line.slice("data: ".length)) as {
      type?: string;
      delta?: string | { text?: string };
      choices?: { delta: { content?: string | null } }[];
    };
    if (event.choices) text += event.choices[0]?.delta.content ?? "";
    else if (event.type === "content_block_delta" && typeof event.delta === "object") text += event.delta.text ?? "";
    else if (event.type === "response.output_text.delta" && typeof event.delta === "string") text += event.delta;
  }
  return text;
}

const BODIES: Record<string, (model: string, content: string) => object> = {
  "/chat/completions": (model, content) => ({ model, stream: true, max_tokens: 200, messages: [{ role: "user", content }] }),
  "/messages": (model, content) => ({ model, stream: true, max_tokens: 200, messages: [{ role: "user", content }] }),
  "/responses": (model, content) => ({ model, stream: true, max_output_tokens: 200, store: false, input: [{ role: "user", content }] }),
};

async function stream(key: string, path: string, model: string, content: string, signal?: AbortSignal) {
  return fetch(`${api.baseURL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(BODIES[path]!(model, content)),
    signal,
  });
}

/** The request's row and its one charge, once booked; the charge is the row's usage at the model's price. */
async function billed(requestId: string, userId: string, model: string) {
  const db = await getDb();
  let row: typeof requests.$inferSelect | undefined;
  for (let waited = 0; !row && waited < 5_000; waited += 50) {
    await Promise.all([getBilling().charges.flush(), flushRequests()]);
    [row] = await db.select().from(requests).where(eq(requests.id, requestId));
    if (!row) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(row, `request ${requestId} recorded`).toBeDefined();
  const charges = await db.select().from(ledger).where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge")));
  expect(charges.map((c) => c.reference)).toEqual([requestId]);
  const price = (await getCatalog()).get(model)!.price;
  const cost = costMicro({ prompt_tokens: row!.promptTokens, completion_tokens: row!.completionTokens }, price);
  expect(row!.costMicro).toBe(cost);
  expect(-charges[0]!.amountMicro).toBe(cost);
  expect(await getBilling().meter.available(userId)).toBe(10_000_000 - cost);
  return row!;
}

const CUT = "Расскажи подробно про длинные русские слова пожалуйста [[cut:4]]";

describe("a stream cut by the upstream mid-answer", () => {
  it.each(["/chat/completions", "/messages", "/responses"])("on GigaChat via %s is billed by GigaChat's /tokens/count", async (path) => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const res = await stream(key, path, "gigachat/GigaChat-2-Max", CUT);
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const delivered = deliveredText(await res.text());
    expect(delivered).toMatch(/^Echo: Расскажи/);

    const row = await billed(requestId, userId, "gigachat/GigaChat-2-Max");
    expect(row.finishReason).toBe("error");
    expect(row.completionTokens).toBe(gigachatTokens(delivered));
    expect(row.completionTokens).not.toBe(estimate(delivered));
    // GigaChat reports usage only at the end: the prompt is counted too (its one text, the message).
    expect(row.promptTokens).toBe(gigachatTokens(CUT));
    expect(row.promptTokens).not.toBe(estimate(JSON.stringify([{ role: "user", content: CUT }])));
  });

  it.each(["/chat/completions", "/responses"])("on Yandex via %s is billed by tokenize and tokenizeCompletion", async (path) => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const res = await stream(key, path, "yandex/yandexgpt", CUT);
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const delivered = deliveredText(await res.text());
    expect(delivered).toMatch(/^Echo: Расскажи/);

    const row = await billed(requestId, userId, "yandex/yandexgpt");
    expect(row.completionTokens).toBe(yandexWords(delivered));
    expect(row.completionTokens).not.toBe(estimate(delivered));
    expect(row.promptTokens).toBe(countPromptTokens([CUT]));
  });

  it("on MTS (no tokenizer) keeps the estimate", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    const res = await stream(key, "/chat/completions", "mts/mws-gpt-alpha", CUT);
    const requestId = res.headers.get("x-request-id")!;
    const delivered = deliveredText(await res.text());
    expect(delivered).toMatch(/^Echo: Расскажи/);

    const row = await billed(requestId, userId, "mts/mws-gpt-alpha");
    expect(row.completionTokens).toBe(estimate(delivered));
    expect(row.promptTokens).toBe(estimate(JSON.stringify([{ role: "user", content: CUT }])));
  });
});

describe("a GigaChat stream the caller leaves mid-answer", () => {
  it("is billed by /tokens/count for the prompt and for what was delivered, once", async () => {
    const { key, userId } = await createTestKey({ creditRub: 10 });
    // A long reply, one word a chunk: the caller leaves after the first.
    const content = Array.from({ length: 3000 }, () => "слово").join(" ");
    const abort = new AbortController();
    const res = await stream(key, "/chat/completions", "gigachat/GigaChat-2-Max", content, abort.signal);
    const requestId = res.headers.get("x-request-id")!;
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    abort.abort();
    await reader.cancel().catch(() => undefined);

    const row = await billed(requestId, userId, "gigachat/GigaChat-2-Max");
    expect(row).toMatchObject({ status: 499, errorCode: "client_closed_request" });
    expect(row.promptTokens).toBe(gigachatTokens(content));
    // What the gateway relayed before it noticed is some words of "Echo: слово слово …", counted by the tokenizer.
    const words = Array.from({ length: 3000 }, (_, i) => gigachatTokens(`Echo:${" слово".repeat(i)}`));
    expect(words).toContain(row.completionTokens);
    expect(row.completionTokens).toBeLessThan(words.at(-1)!);
    expect((await checkLedger(await getDb())).problems.slice(0, 3)).toEqual([]);
  });
});
