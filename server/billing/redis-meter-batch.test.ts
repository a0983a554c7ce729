import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../testing/faults/redis-server";
import { RedisMeter } from "./redis-meter";

let redis: TestRedis;
let client: Redis;
let monitor: Redis;
const scripts: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  monitor = await new Redis(redis.url).monitor();
  // The client's own commands only: what a script runs inside shows up as "lua".
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source !== "lua" && /^eval/i.test(args[0]!)) scripts.push(args[0]!);
  });
});
afterAll(async () => {
  monitor.disconnect();
  client.disconnect();
  await redis.close();
});

const N = 20;
const source = { balance: async () => 1_000_000, keySpend: async () => 0, memberSpend: async () => 0 };
/**
 * Runs each call in its own macrotask of one turn of the event loop, as answers arriving together do. (Immediates
 * queued together run in one pass; timers of 0 ms may be split over two turns when the loop is busy.)
 */
const inSeparateCallbacks = <T>(calls: (() => Promise<T>)[]) =>
  Promise.all(calls.map((call) => new Promise<T>((resolve, reject) => setImmediate(() => call().then(resolve, reject)))));
const quiet = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("RedisMeter batches per turn of the event loop", () => {
  it("marks and settles N requests that end together with one script call each, and each still acts once", async () => {
    const meter = new RedisMeter(client, source, `batch:${crypto.randomUUID()}:`);
    const ids = Array.from({ length: N }, (_, i) => `req_${i}`);
    await Promise.all(ids.map((id) => meter.reserve({ id, userId: "u", keyId: "k", amountMicro: 10_000 })));
    expect(await meter.available("u")).toBe(1_000_000 - N * 10_000);

    await quiet();
    scripts.length = 0;
    await inSeparateCallbacks(ids.map((id) => () => meter.mark(id, { costMicro: 1_000, priceId: 1, note: "m" }, true).applied));
    await quiet();
    const markCalls = scripts.length;
    // The final marks freed all but the cost, so the next request sees the money at once.
    expect(await meter.available("u")).toBe(1_000_000 - N * 1_000);
    expect((await meter.expired(Date.now() + 3_600_000)).every((r) => r.mark?.costMicro === 1_000)).toBe(true);

    scripts.length = 0;
    const settled = await inSeparateCallbacks([...ids, ids[0]!].map((id) => () => meter.settle(id, 1_000)));
    await quiet();
    const settleCalls = scripts.length;
    console.log(JSON.stringify({ requests: N, markScriptCalls: markCalls, settleScriptCalls: settleCalls }));

    expect(markCalls).toBe(1);
    expect(settleCalls).toBe(1);
    // Each settled once: the repeated id in the same batch is refused.
    expect(settled.filter(Boolean)).toHaveLength(N);
    expect(await meter.available("u")).toBe(1_000_000 - N * 1_000);
    expect(await meter.expired(Date.now() + 3_600_000)).toEqual([]);
  });

  it("lets an answer end once its mark is written to the connection, before Redis has answered", async () => {
    const meter = new RedisMeter(client, source, `batch:${crypto.randomUUID()}:`);
    await meter.reserve({ id: "req_sent", userId: "u", keyId: "k", amountMicro: 10_000 });
    let applied = false;
    const socket = (client as unknown as { stream: import("node:net").Socket }).stream;
    const before = socket.bytesWritten;
    const receipt = meter.mark("req_sent", { costMicro: 1_000, priceId: 1, note: "m" }, true);
    void receipt.applied.then(() => (applied = true));
    await receipt.sent;
    // Handed to the kernel: a kill -9 of this process now cannot keep it from Redis, which runs the connection's
    // commands in order (the next request's admission sees the freed money).
    expect(socket.bytesWritten).toBeGreaterThan(before);
    expect(socket.writableLength).toBe(0);
    expect(applied).toBe(false);
    await receipt.applied;
    expect(await meter.available("u")).toBe(1_000_000 - 1_000);
  });
});
