import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api-server";
import { profile } from "./profile";
import { startScenario, type Scenario } from "./scenario";
import { answeredRequests, postChat, sleep, steadyLoad, tally, type Answer } from "./traffic";

let scenario: Scenario;
let answers: Answer[] = [];

beforeAll(async () => {
  scenario = await startScenario("postgres_outage", { proxyDatabase: true });
});
afterAll(() => scenario?.close());

describe("Postgres unreachable for a while (every connection cut, new ones refused), then back", () => {
  it("answers during the outage with 200 (known keys) or 503 database_unavailable and a Retry-After, never 500", async () => {
    const keys = await Promise.all([1, 2, 3].map(() => createTestKey({ creditRub: 100 })));
    const ask = (i: number) =>
      postChat(
        scenario.api.baseURL,
        keys[i % keys.length]!.key,
        {
          model: ["mts/qwen3-32b", "yandex/yandexgpt-lite", "tbank/T-lite-it-1.0"][i % 3],
          stream: i % 2 === 0,
          stream_options: { include_usage: true },
          max_tokens: 20,
          messages: [{ role: "user", content: `outage ${i}` }],
        },
        { timeoutMs: 30_000 },
      );
    // Every key known and every cache warm before the cut.
    for (let i = 0; i < keys.length; i++) expect((await ask(i)).status).toBe(200);
    let running = true;
    const load = steadyLoad(6, () => !running, ask);
    await sleep(1_000);
    scenario.proxy!.cut();
    await sleep(profile.postgresDownMs);
    scenario.proxy!.restore();
    await sleep(3_000);
    running = false;
    answers = await load;

    const wrong = answers.filter(
      (a) => a.status !== 200 && !(a.status === 503 && a.code === "database_unavailable" && a.retryAfter),
    );
    expect(wrong.slice(0, 5), JSON.stringify(tally(answers))).toEqual([]);
  });

  it("charges everything answered exactly once after the database is back", async () => {
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    await scenario.moneyCheck({ answered: answeredRequests(answers), waitMs: 15_000 });
  });
});
