import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../core/upstream-error";
import { countPromptTokens } from "../emulator/replies";
import type { ChatRequest } from "../openai";
import type { Provider } from "../types";
import { startGigaChatEmulator, type GigaChatEmulator } from "./emulator";
import { ctx, providerFor, TEST_CREDENTIALS, TEST_SCOPE } from "./testkit";

let emulator: GigaChatEmulator;
let provider: Provider;

beforeAll(async () => {
  emulator = await startGigaChatEmulator();
  provider = providerFor(emulator);
});
afterAll(() => emulator.close());

const weather = {
  name: "get_weather",
  description: "Current weather",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

/** The emulator's own count of one string (its /tokens/count and usage rule). */
const count = (text: string) => countPromptTokens([text]);

describe("GigaChat countTokens", () => {
  it("sums /tokens/count over the message texts, the function calls and the function definitions", async () => {
    const req: ChatRequest = {
      model: "GigaChat-2-Max",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Moscow?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Moscow"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"t":-3}' },
      ],
      tools: [{ type: "function", function: weather }],
    };
    const expected =
      count("Be brief.") +
      count("Weather in Moscow?") +
      count(JSON.stringify({ name: "get_weather", arguments: { city: "Moscow" } })) +
      count('{"t":-3}') +
      count(JSON.stringify(weather));
    expect(await provider.countTokens!(req, ctx())).toBe(expected);
  });

  it("surfaces the API's refusal (an unknown model: 404) as an UpstreamError", async () => {
    const err = await provider.countTokens!(
      { model: "GigaChat-9", messages: [{ role: "user", content: "hi" }] },
      ctx(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 404, message: "GigaChat: No such model" });
  });
});

describe("the emulator's POST /tokens/count", () => {
  let token: string;
  beforeAll(async () => {
    const res = await fetch(emulator.authUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${TEST_CREDENTIALS}`,
        rquid: randomUUID(),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ scope: TEST_SCOPE }).toString(),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });

  const post = (body: string, authorization = `Bearer ${token}`) =>
    fetch(`${emulator.baseUrl}/tokens/count`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body,
    });

  it("answers a bare array, one {object, tokens, characters} per input", async () => {
    const res = await post(JSON.stringify({ model: "GigaChat", input: ["First text", "Second text"] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { object: "tokens", tokens: count("First text"), characters: 10 },
      { object: "tokens", tokens: count("Second text"), characters: 11 },
    ]);
  });

  it.each([
    ["no token", JSON.stringify({ model: "GigaChat", input: ["x"] }), "Bearer nope", 401, "Unauthorized"],
    ["a body that is not JSON", "model=GigaChat", undefined, 400, "Bad request"],
    ["a JSON array body", "[]", undefined, 400, "Bad request"],
    ["a missing model", JSON.stringify({ input: ["x"] }), undefined, 422, "Invalid params: model is required"],
    [
      "input as a string",
      JSON.stringify({ model: "GigaChat", input: "x" }),
      undefined,
      422,
      "Invalid params: input must be an array of strings",
    ],
    [
      "input with a number",
      JSON.stringify({ model: "GigaChat", input: ["x", 1] }),
      undefined,
      422,
      "Invalid params: input must be an array of strings",
    ],
    ["an unknown model", JSON.stringify({ model: "GigaChat-9", input: ["x"] }), undefined, 404, "No such model"],
  ])("refuses %s with GigaChat's {status, message}", async (_, body, authorization, status, message) => {
    const res = await post(body, authorization);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ status, message });
  });
});
