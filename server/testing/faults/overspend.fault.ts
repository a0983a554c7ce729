import { and, eq, sum } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db";
import { ledger, users } from "../../db/schema";
import { createTestKey } from "../api-server";
import type { Instance } from "./instance";
import { profile } from "./profile";
import { runSeed, seededRandom } from "./random";
import { startScenario, type Scenario } from "./scenario";
import { answeredRequests, inBatches, postChat, tally } from "./traffic";

const MODELS = ["yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-lite-it-1.0", "gigachat/GigaChat-2"];
let scenario: Scenario;
let second: Instance;

beforeAll(async () => {
  scenario = await startScenario("overspend");
  second = await scenario.startInstance();
});
afterAll(() => scenario?.close());

describe("two instances, one 1 RUB balance, a burst of parallel requests", () => {
  it("never charges more than the balance, and charges every answered request once", async () => {
    const seed = runSeed();
    const random = seededRandom(seed);
    const { key, userId } = await createTestKey({ creditRub: 1 });
    const doors = [scenario.api.baseURL, second.baseURL];
    const answers = await inBatches(profile.overspendRequests, profile.overspendParallel, (i) =>
      postChat(doors[i % 2]!, key, {
        model: random.pick(MODELS),
        stream: random.chance(0.5),
        stream_options: { include_usage: true },
        max_tokens: random.int(10, 60),
        messages: [{ role: "user", content: `spend ${i} ${"word ".repeat(random.int(1, 40))}` }],
      }),
    );
    const statuses = tally(answers);
    expect(
      answers.filter((a) => a.status !== 200 && a.status !== 402),
      `seed ${seed}: ${JSON.stringify(statuses)}`,
    ).toEqual([]);
    expect(statuses["200"]).toBeGreaterThan(0);
    expect(statuses["402 insufficient_quota"]).toBeGreaterThan(0);

    await scenario.moneyCheck({ answered: answeredRequests(answers) });
    const db = await getDb();
    const [charged] = await db
      .select({ total: sum(ledger.amountMicro).mapWith(Number) })
      .from(ledger)
      .where(and(eq(ledger.userId, userId), eq(ledger.kind, "charge")));
    const [user] = await db.select({ balance: users.balanceMicro }).from(users).where(eq(users.id, userId));
    expect(-charged!.total).toBeGreaterThan(0);
    expect(-charged!.total).toBeLessThanOrEqual(1_000_000);
    expect(user!.balance).toBeGreaterThanOrEqual(0);
  });
});
