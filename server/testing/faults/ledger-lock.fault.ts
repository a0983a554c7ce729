import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api-server";
import { profile } from "./profile";
import { startScenario, type Scenario } from "./scenario";
import { answeredRequests, postChat, sleep, steadyLoad, tally } from "./traffic";

let scenario: Scenario;

beforeAll(async () => {
  scenario = await startScenario("ledger_lock");
});
afterAll(() => scenario?.close());

describe("the ledger table locked by another transaction while requests run", () => {
  it("answers meanwhile, and books every answered request exactly once after the lock goes", async () => {
    const keys = await Promise.all([1, 2, 3].map(() => createTestKey({ creditRub: 100 })));
    const locker = new pg.Client({ connectionString: scenario.db.url });
    await locker.connect();
    let running = true;
    const load = steadyLoad(
      12,
      () => !running,
      (i) =>
        postChat(scenario.api.baseURL, keys[i % keys.length]!.key, {
          model: ["mts/qwen3-32b", "yandex/yandexgpt-lite", "tbank/T-lite-it-1.0"][i % 3],
          stream: i % 2 === 0,
          stream_options: { include_usage: true },
          max_tokens: 30,
          messages: [{ role: "user", content: `locked ledger ${i}` }],
        }),
    );
    await sleep(500);
    await locker.query("begin");
    await locker.query("lock table ledger in access exclusive mode");
    await sleep(profile.ledgerLockMs);
    // Proof the fault bit: the charge writer is queued behind the lock.
    const { rows } = await locker.query<{ waiting: number }>(
      "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    await locker.query("commit");
    await sleep(1_000);
    running = false;
    const answers = await load;
    await locker.end();

    expect(rows[0]!.waiting).toBeGreaterThan(0);
    expect(
      answers.filter((a) => a.status !== 200),
      JSON.stringify(tally(answers)),
    ).toEqual([]);
    await scenario.moneyCheck({ answered: answeredRequests(answers) });
  });
});
