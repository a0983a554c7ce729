import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api-server";
import { profile } from "./profile";
import { startScenario, type Scenario } from "./scenario";
import { answeredRequests, postChat, sleep, steadyLoad, tally, type Answer } from "./traffic";

/** "Within a few seconds": well under the freeze, so a request that waits the freeze out fails. */
const ANSWER_WITHIN_MS = 5_000;

let scenario: Scenario;
let duringFreeze: Answer[] = [];
let all: Answer[] = [];

beforeAll(async () => {
  scenario = await startScenario("redis_freeze", { privateRedis: true });
});
afterAll(() => scenario?.close());

describe("the store's Redis frozen (SIGSTOP) for longer than a request may wait", () => {
  it("answers every request within a few seconds, with 200 or 503 store_unavailable and a Retry-After, never 500", async () => {
    const keys = await Promise.all([1, 2].map(() => createTestKey({ creditRub: 100 })));
    const ask = (i: number) =>
      postChat(
        scenario.api.baseURL,
        keys[i % keys.length]!.key,
        {
          model: ["mts/qwen3-32b", "yandex/yandexgpt-lite"][i % 2],
          stream: i % 2 === 0,
          stream_options: { include_usage: true },
          max_tokens: 20,
          messages: [{ role: "user", content: `freeze ${i}` }],
        },
        { timeoutMs: profile.redisFreezeMs + 10_000 },
      );
    let phase: "before" | "frozen" | "after" = "before";
    let running = true;
    const load = steadyLoad(
      6,
      () => !running,
      async (i) => {
        const startedIn = phase;
        return { startedIn, answer: await ask(i) };
      },
    );
    await sleep(1_000);
    scenario.redis!.freeze();
    phase = "frozen";
    await sleep(profile.redisFreezeMs);
    scenario.redis!.thaw();
    phase = "after";
    await sleep(2_000);
    running = false;
    const results = await load;
    all = results.map((r) => r.answer);
    duringFreeze = results.filter((r) => r.startedIn === "frozen").map((r) => r.answer);

    expect(duringFreeze.length).toBeGreaterThan(0);
    const slow = duringFreeze
      .filter((a) => a.ms > ANSWER_WITHIN_MS)
      .map((a) => `${a.status} ${a.code} after ${a.ms} ms`);
    expect(
      slow.slice(0, 5),
      `${slow.length} of ${duringFreeze.length} requests started during the freeze took over ${ANSWER_WITHIN_MS} ms`,
    ).toEqual([]);
    const wrong = all.filter(
      (a) => a.status !== 200 && !(a.status === 503 && a.code === "store_unavailable" && a.retryAfter),
    );
    expect(wrong.slice(0, 5), JSON.stringify(tally(all))).toEqual([]);
  });

  it("leaves the books straight once Redis thaws", async () => {
    await scenario.moneyCheck({ answered: answeredRequests(all), waitMs: 10_000 });
  });
});
