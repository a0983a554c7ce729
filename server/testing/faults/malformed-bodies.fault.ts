import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey } from "../api-server";
import { malformedBody } from "./malformed-bodies";
import { profile } from "./profile";
import { runSeed, seededRandom } from "./random";
import { startScenario, type Scenario } from "./scenario";
import { answeredRequests, inBatches, postChat, steadyLoad, tally } from "./traffic";

let scenario: Scenario;

beforeAll(async () => {
  scenario = await startScenario("malformed_bodies");
});
afterAll(() => scenario?.close());

describe("one user sends garbage while another works", () => {
  it("answers every malformed body with a 4xx (or serves it), and the other user's requests all succeed", async () => {
    const seed = runSeed();
    const random = seededRandom(seed);
    const fuzzer = await createTestKey();
    const neighbour = await createTestKey();
    let fuzzing = true;
    const neighbourAnswers = steadyLoad(
      4,
      () => !fuzzing,
      (i) =>
        postChat(scenario.api.baseURL, neighbour.key, {
          model: ["mts/qwen3-32b", "yandex/yandexgpt-lite"][i % 2],
          stream: i % 3 === 0,
          stream_options: { include_usage: true },
          max_tokens: 20,
          messages: [{ role: "user", content: `neighbour ${i}` }],
        }),
    );
    const failures: string[] = [];
    const answers = await inBatches(profile.malformedBodies, 16, async () => {
      const { kind, body } = malformedBody(random);
      const answer = await postChat(scenario.api.baseURL, fuzzer.key, body, { timeoutMs: 30_000 });
      // A connection cut while a body over the 4 MB limit is still uploading is how a 413 can arrive.
      const cutOversize = answer.status === 0 && body.length > 4 * 1024 * 1024;
      if ((answer.status >= 500 || answer.status === 0) && !cutOversize) {
        const sample = typeof body === "string" ? body.slice(0, 120) : Buffer.from(body.slice(0, 60)).toString("hex");
        failures.push(`${answer.status} ${answer.code} for ${kind}: ${sample}`);
      }
      return answer;
    });
    fuzzing = false;
    const neighbours = await neighbourAnswers;

    expect(failures.slice(0, 20), `seed ${seed}, ${JSON.stringify(tally(answers))}`).toEqual([]);
    expect(neighbours.length).toBeGreaterThan(0);
    expect(
      neighbours.filter((a) => a.status !== 200 || !a.completed),
      JSON.stringify(tally(neighbours)),
    ).toEqual([]);
    await scenario.moneyCheck({ answered: answeredRequests([...answers, ...neighbours]) });
  });
});
