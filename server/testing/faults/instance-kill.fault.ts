import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api-server";
import type { Instance } from "./instance";
import { countReservations } from "./money-check";
import { profile } from "./profile";
import { startScenario, type Scenario } from "./scenario";
import { answeredRequests, postChat, sleep, tally } from "./traffic";

// The OpenAI-compatible emulators pace their chunks (a long reply takes seconds at little CPU) and allow 10 streams
// each; Yandex's sends a reply at once and GigaChat's serves one stream at a time, so they only answer short ones.
const LONG_MODELS = ["mts/qwen3-32b", "tbank/T-lite-it-1.0"];
const SHORT_MODELS = ["mts/qwen3-32b", "tbank/T-lite-it-1.0", "yandex/yandexgpt-lite"];
/** instance-process.ts shortens the leases of holds and slots to this (ignored by code without leases). */
const LEASE_MS = 3_000;
/** The default lease (30 s) and renewal interval (10 s), and a margin: the most a dead instance's holds may outlive it. */
const RECOVERY_MS = 75_000;

let scenario: Scenario;
let victim: Instance;
let survivor: Instance;

beforeAll(async () => {
  scenario = await startScenario("instance_kill");
  const env = { TEST_INSTANCE_LEASE_MS: String(LEASE_MS) };
  [victim, survivor] = await Promise.all([scenario.startInstance(env), scenario.startInstance(env)]);
});
afterAll(() => scenario?.close());

describe("an instance killed with kill -9 in the middle of streams, another serving on", () => {
  it("keeps serving, releases the dead instance's holds and slots, and charges what it answered exactly once", async () => {
    const { key } = await createTestKey({ creditRub: 100 });
    const stream = (baseURL: string, model: string, words: number) =>
      postChat(baseURL, key, {
        model,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 4_000,
        messages: [{ role: "user", content: `kill ${"w ".repeat(words)}` }],
      });

    // Long streams (seconds each) are mid-flight on the victim when it dies; short ones have just completed.
    const cut = Array.from({ length: profile.killedStreams }, (_, i) =>
      stream(victim.baseURL, LONG_MODELS[i % 2]!, 2_000),
    );
    await sleep(500);
    const completed = await Promise.all(
      Array.from({ length: 9 }, (_, i) => stream(victim.baseURL, SHORT_MODELS[i % 3]!, 5)),
    );
    await victim.kill9();
    const cutAnswers = await Promise.all(cut);
    const orphaned = await countReservations(scenario.redisUrl, scenario.storePrefix);

    expect(
      completed.filter((a) => a.status !== 200 || !a.completed || a.costMicro === undefined),
      JSON.stringify(tally(completed)),
    ).toEqual([]);
    expect(
      cutAnswers.filter((a) => a.completed),
      "streams that finished before the kill",
    ).toEqual([]);
    // Proof the kill bit: the streams it cut left their holds behind, for someone else to end.
    expect(orphaned).toBeGreaterThanOrEqual(profile.killedStreams);
    const served = await Promise.all(
      Array.from({ length: 12 }, (_, i) => stream(survivor.baseURL, SHORT_MODELS[i % 3]!, 5)),
    );
    expect(
      served.filter((a) => a.status !== 200 || !a.completed),
      JSON.stringify(tally(served)),
    ).toEqual([]);

    await scenario.moneyCheck({ answered: answeredRequests([...completed, ...served]), waitMs: RECOVERY_MS });
  });
});
