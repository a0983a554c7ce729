import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getBilling } from "../billing";
import { startRedis, type TestRedis } from "../testing/faults/redis-server";
import { createTestKey, serveTestApi, type TestApi } from "../testing/api-server";
import { flushRequests } from "./recorder";

/**
 * Counts the store commands a request costs, on a private redis-server watched with MONITOR: the hot path's
 * budget is one command before the upstream call and one after it (the mark, durability: the answer waits for it),
 * and the marks and slot releases of requests answered together leave as one command.
 */
let redis: TestRedis;
let api: TestApi;
let monitor: Redis;
let key: string;
const seen: string[][] = [];
let slotsGivenBack = 0;

beforeAll(async () => {
  redis = await startRedis();
  api = await serveTestApi({ databaseUrl: inject("testDatabaseUrl"), redisUrl: redis.url, storePrefix: "rt:" });
  ({ key } = await createTestKey({ rpm: 100_000 }));
  // A lazy client never connects itself: its ready check's INFO would reach the monitor before MONITOR's answer
  // (ioredis: "Command queue state error").
  monitor = await new Redis(redis.url, { lazyConnect: true }).monitor();
  // Commands run inside a script are shown too ("lua"): only the client's own count.
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source !== "lua") seen.push(args);
    else if (args[0]?.toLowerCase() === "zrem" && args[1]?.startsWith("rt:inflight:")) slotsGivenBack += 1;
  });
});
afterAll(async () => {
  monitor.disconnect();
  await api.close();
  await redis.close();
});

const ask = () =>
  fetch(`${api.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gigachat/GigaChat-2-Max", max_tokens: 20, messages: [{ role: "user", content: "count" }] }),
  }).then(async (res) => {
    expect(res.status).toBe(200);
    await res.text();
  });

/** What a command does, by the keys it names (EVALSHA hides the script's name). */
function kind(args: string[]): string {
  const [name, , , firstKey = ""] = args;
  const command = name!.toLowerCase();
  if (command !== "evalsha") return `${command} ${(args[1] ?? "").replace(/^rt:/, "").split(":")[0]}`;
  if (firstKey.includes("lock")) return "background lock";
  if (firstKey.includes(":bal:")) return "admission";
  if (firstKey.endsWith(":rsvz")) return "settle";
  if (firstKey.includes(":rsv:")) return "mark";
  if (firstKey.startsWith("rt:gen:")) return "generation";
  if (firstKey.includes(":inflight:")) return "slot release";
  return "other";
}

/** The commands sent while `run` ran, by kind. */
async function commandsDuring(run: () => Promise<unknown>): Promise<Record<string, number>> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  seen.length = 0;
  slotsGivenBack = 0;
  await run();
  await new Promise((resolve) => setTimeout(resolve, 400)); // the charge queue's flush
  const counts: Record<string, number> = {};
  for (const args of seen) counts[kind(args)] = (counts[kind(args)] ?? 0) + 1;
  return counts;
}

describe("store round trips per request", () => {
  it("reports the commands of one request and of 20 concurrent ones", async () => {
    await ask(); // loads the balance into the store
    await Promise.all([getBilling().charges.flush(), flushRequests()]);

    const one = await commandsDuring(ask);
    const many = await commandsDuring(() => Promise.all(Array.from({ length: 20 }, ask)));
    console.log(JSON.stringify({ one, twentyConcurrent: many }));
    // Before the call: the rate limit, the hold and the slot in one command; after it: the mark, which also gives
    // the slot back.
    expect(one).toMatchObject({ admission: 1, mark: 1 });
    expect(one["slot release"]).toBeUndefined();
    expect(one.other).toBeUndefined();
    expect(one["set gen"]).toBeUndefined();
    // Answers that arrive in the same turn share their mark and their generation record (the exact count
    // depends on timing).
    expect(many.admission).toBe(20);
    expect(many.mark).toBeLessThanOrEqual(20);
    // On a loaded machine some answers end a turn after their mark, and their slots leave as a release of their own.
    expect(many["slot release"] ?? 0).toBeLessThan(10);
    expect(one.generation).toBe(1);
    expect(many.generation).toBeLessThanOrEqual(many.mark!);

    // Every slot was given back (inside the marks' calls), none left to run out with its lease: an empty set is gone.
    expect(slotsGivenBack).toBe(20);
    const client = new Redis(redis.url);
    expect(await client.keys("rt:inflight:*")).toEqual([]);
    client.disconnect();
  });
});
