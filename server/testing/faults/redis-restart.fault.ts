import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api-server";
import { profile } from "./profile";
import { startScenario, type Scenario } from "./scenario";
import { answeredRequests, postChat, sleep, steadyLoad, tally, type Answer } from "./traffic";

let scenario: Scenario;
let answers: Answer[] = [];

beforeAll(async () => {
  scenario = await startScenario("redis_restart", { privateRedis: true });
});
afterAll(() => scenario?.close());

describe("the store's Redis killed and restarted empty under steady traffic", () => {
  it("charges every answered request exactly once within 10 s of the restart", async () => {
    const keys = await Promise.all([1, 2, 3].map(() => createTestKey({ creditRub: 100 })));
    let running = true;
    const load = steadyLoad(
      8,
      () => !running,
      (i) =>
        postChat(
          scenario.api.baseURL,
          keys[i % keys.length]!.key,
          {
            model: ["mts/qwen3-32b", "yandex/yandexgpt-lite", "tbank/T-lite-it-1.0"][i % 3],
            stream: i % 2 === 0,
            stream_options: { include_usage: true },
            max_tokens: 30,
            messages: [{ role: "user", content: `restart ${i} ${"w ".repeat(i % 50)}` }],
          },
          { timeoutMs: 20_000 },
        ),
    );
    await sleep(1_500);
    await scenario.redis!.kill();
    await sleep(profile.redisDownMs);
    await scenario.redis!.restart();
    await sleep(3_000);
    running = false;
    answers = await load;

    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    await scenario.moneyCheck({ answered: answeredRequests(answers), waitMs: 10_000 });
  });

  it("answers while Redis is gone with 200 or 503 store_unavailable and a Retry-After, never 500", () => {
    const wrong = answers.filter(
      (a) => a.status !== 200 && !(a.status === 503 && a.code === "store_unavailable" && a.retryAfter),
    );
    expect(wrong.slice(0, 5), JSON.stringify(tally(answers))).toEqual([]);
  });
});
