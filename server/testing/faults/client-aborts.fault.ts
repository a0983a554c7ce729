import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBilling } from "../../billing";
import { getDb } from "../../db";
import { requests } from "../../db/schema";
import { flushRequests } from "../../gateway/recorder";
import { createTestKey } from "../api-server";
import { profile } from "./profile";
import { runSeed, seededRandom, type Random } from "./random";
import { startScenario, type Scenario } from "./scenario";
import { inBatches, sleep } from "./traffic";

const MODELS = ["gigachat/GigaChat-2", "yandex/yandexgpt-lite", "mts/qwen3-32b", "tbank/T-lite-it-1.0"];
let scenario: Scenario;

beforeAll(async () => {
  scenario = await startScenario("client_aborts");
});
afterAll(() => scenario?.close());

type AbortPoint = "before-first-byte" | "right-after-headers" | "mid-stream" | "at-once";

/** Sends one request and walks away at the chosen point (or when it ends, if that comes first). */
async function abandon(baseURL: string, key: string, random: Random, point: AbortPoint): Promise<void> {
  const controller = new AbortController();
  const slowMs = random.int(100, 400);
  const words = point === "mid-stream" ? random.int(200, 800) : random.int(1, 30);
  const content = `${point === "before-first-byte" ? `[[slow:${slowMs}]] ` : ""}${"w ".repeat(words)}`;
  const pending = fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: random.pick(MODELS),
      stream: point !== "before-first-byte" || random.chance(0.5),
      max_tokens: 1_000,
      messages: [{ role: "user", content }],
    }),
    signal: controller.signal,
  });
  const settled = pending.then(
    () => undefined,
    () => undefined,
  );
  try {
    if (point === "at-once") await sleep(random.int(0, 5));
    if (point === "before-first-byte") await sleep(random.int(0, slowMs - 50));
    if (point === "right-after-headers") await pending;
    if (point === "mid-stream") {
      const reader = (await pending).body!.getReader();
      for (let chunks = random.int(1, 20); chunks > 0; chunks--) if ((await reader.read()).done) break;
    }
  } catch {
    // How the client side ends is not the subject; what the gateway records is.
  } finally {
    controller.abort();
    await settled;
  }
}

describe("clients that walk away at random points", () => {
  it("never records a client's abort as a server error (500), and leaves no hold or slot behind", async () => {
    // The regression this guards (failing at c676b25): an abort before the first byte reached chat.ts's `fail`, which
    // recorded toGatewayError(AbortError), a 500, while only the response nobody reads became a 499.
    const seed = runSeed();
    const random = seededRandom(seed);
    const { key, userId } = await createTestKey({ creditRub: 1_000 });
    const points: AbortPoint[] = [
      "before-first-byte",
      "before-first-byte",
      "right-after-headers",
      "mid-stream",
      "mid-stream",
      "at-once",
    ];
    await inBatches(profile.clientAborts, 20, () => abandon(scenario.api.baseURL, key, random, random.pick(points)));
    // The gateway notices an abort after its upstream call gives up; then the rows and charges are queued.
    await sleep(1_000);
    await Promise.all([flushRequests(), getBilling().charges.flush()]);

    const db = await getDb();
    const recorded = await db
      .select({ status: requests.status, errorCode: requests.errorCode, n: count() })
      .from(requests)
      .where(eq(requests.userId, userId))
      .groupBy(requests.status, requests.errorCode);
    expect(
      recorded.filter((r) => r.status >= 500),
      `seed ${seed}, recorded: ${JSON.stringify(recorded)}`,
    ).toEqual([]);
    await scenario.moneyCheck();
  });
});
