import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../billing";
import { getDb } from "../db";
import { ledger, providerAccounts, requests } from "../db/schema";
import { invalidateAccounts } from "../routing/accounts";
import { inFlight } from "../routing/slots";
import { routingSettings } from "../routing/settings";
import { createTestKey, startTestApi, type TestApi } from "../testing/api-server";
import { scriptedAccount, type ScriptedUpstream } from "../testing/scripted-upstream";
import type { Generation } from "./recorder";

let api: TestApi;
const upstreams: ScriptedUpstream[] = [];
const saved = { ...routingSettings };

beforeAll(async () => {
  api = await startTestApi();
  Object.assign(routingSettings, { streamIdleTimeoutMs: 300, firstByteTimeoutMs: 5_000 });
});
afterAll(async () => {
  Object.assign(routingSettings, saved);
  await Promise.all(upstreams.map((u) => u.close()));
  await api.close();
});

async function onlyAccount(model: string) {
  const made = await scriptedAccount(`faulty-${crypto.randomUUID().slice(0, 4)}`, model);
  upstreams.push(made.upstream);
  return {
    ...made,
    remove: async () => {
      await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, made.id));
      invalidateAccounts();
    },
  };
}

const chat = (key: string, body: object, signal?: AbortSignal) =>
  fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: "hello there" }], ...body }),
    signal,
  });

async function generation(key: string, id: string): Promise<Generation> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${api.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status === 200) return ((await res.json()) as { data: Generation }).data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id} was not recorded`);
}

describe("upstream faults", () => {
  it("ends a stream whose upstream goes silent with the stalled error event, billed for what was delivered", async () => {
    const model = "mts/qwen2.5-72b-instruct";
    const account = await onlyAccount(model);
    account.upstream.mode = { kind: "stall-after-first-chunk" };
    const { key } = await createTestKey();
    const started = Date.now();
    const res = await chat(key, { model, stream: true });
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id")!;
    const text = await res.text();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(text).toContain("from faulty");
    expect(text).not.toContain("[DONE]");
    const last = JSON.parse(text.trim().split("\n\n").at(-1)!.slice("data: ".length)) as { error: { code: string; type: string } };
    expect(last.error).toMatchObject({ code: "upstream_stream_stalled", type: "upstream_error" });

    const row = await generation(key, id);
    expect(row).toMatchObject({ status: 504, error_code: "upstream_stream_stalled", finish_reason: "error" });
    expect(row.cost_rub).toBeGreaterThan(0);
    await getBilling().charges.flush();
    const [charge] = await (await getDb()).select().from(ledger).where(eq(ledger.reference, id));
    expect(-charge!.amountMicro).toBe(Math.round(row.cost_rub * 1_000_000));
    expect(await inFlight(account.id)).toBe(0);
    await account.remove();
  });

  it("records a caller that leaves before the first byte as 499, not as a server error, and charges nothing", async () => {
    const model = "mts/qwen2.5-72b-instruct";
    const account = await onlyAccount(model);
    account.upstream.mode = { kind: "hang" };
    const { key, keyId } = await createTestKey();
    const abort = new AbortController();
    const pending = chat(key, { model }, abort.signal).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    abort.abort();
    await pending;
    // The request id never reached the caller: the key's only row is the one.
    const db = await getDb();
    let statuses: number[] = [];
    for (let i = 0; i < 100 && statuses.length === 0; i++) {
      statuses = (await db.select().from(requests).where(eq(requests.keyId, keyId))).map((r) => r.status);
      if (statuses.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statuses).toEqual([499]);
    expect(await db.select().from(ledger).where(eq(ledger.keyId, keyId))).toEqual([]);
    expect(await inFlight(account.id)).toBe(0);
    await account.remove();
  });
});
