import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";

/**
 * Requests shaped as Claude Code sends them with ANTHROPIC_BASE_URL pointed at XRouter (docs/integrations/claude-code.md):
 * `POST ${base}/v1/messages?beta=true`, the key as x-api-key (ANTHROPIC_API_KEY) or Bearer (ANTHROPIC_AUTH_TOKEN),
 * anthropic-version and anthropic-beta headers, system as text blocks with cache_control, tools with JSON-Schema
 * input_schema, metadata.user_id, stream true. Recorded from Claude Code 2.x traffic (long texts shortened).
 */
let api: TestApi;
let key: string;
let base: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
  base = api.baseURL.replace(/\/v1$/, "");
});
afterAll(() => api.close());

const MODEL = "gigachat/GigaChat-2-Max";
const SMALL_MODEL = "yandex/yandexgpt-lite";

const claudeCodeHeaders = (auth: Record<string, string>) => ({
  ...auth,
  "content-type": "application/json",
  accept: "application/json",
  "anthropic-version": "2023-06-01",
  "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14",
  "anthropic-dangerous-direct-browser-access": "true",
  "x-app": "cli",
  "user-agent": "claude-cli/2.0.14 (external, cli)",
  "x-stainless-lang": "js",
  "x-stainless-retry-count": "0",
});

const ephemeral = { type: "ephemeral" };
const bashTool = {
  name: "Bash",
  description: "Executes a given bash command in a persistent shell session with optional timeout.",
  input_schema: {
    type: "object",
    properties: {
      command: { type: "string", description: "The command to execute" },
      timeout: { type: "number", description: "Optional timeout in milliseconds (max 600000)" },
      description: { type: "string", description: "Clear, concise description of what this command does in 5-10 words." },
    },
    required: ["command"],
    additionalProperties: false,
    $schema: "http://json-schema.org/draft-07/schema#",
  },
};
const readTool = {
  name: "Read",
  description: "Reads a file from the local filesystem.",
  input_schema: {
    type: "object",
    properties: { file_path: { type: "string" }, offset: { type: "number" }, limit: { type: "number" } },
    required: ["file_path"],
    additionalProperties: false,
    $schema: "http://json-schema.org/draft-07/schema#",
  },
  cache_control: ephemeral,
};

const mainTurn = (messages: unknown[]) => ({
  model: MODEL,
  max_tokens: 32000,
  temperature: 1,
  stream: true,
  metadata: { user_id: "user_5f0c7e9a3b2d41e8a6c9f1b7d2e4a8c0_account__session_1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed" },
  system: [
    { type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: ephemeral },
    { type: "text", text: "You are an interactive CLI tool that helps users with software engineering tasks.", cache_control: ephemeral },
  ],
  tools: [bashTool, readTool],
  messages,
});

const userTurn = {
  role: "user",
  content: [
    { type: "text", text: "<system-reminder>\nAs you answer the user's questions, you can use the following context.\n</system-reminder>" },
    { type: "text", text: "list the files", cache_control: ephemeral },
  ],
};

/** The SSE frames of a response, as (event name, parsed data). */
async function frames(res: Response) {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split("\n");
      const data = JSON.parse(dataLine!.slice("data: ".length)) as { type: string } & Record<string, unknown>;
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });
}

describe.each([
  ["ANTHROPIC_API_KEY (x-api-key)", () => ({ "x-api-key": key })],
  ["ANTHROPIC_AUTH_TOKEN (Bearer)", () => ({ authorization: `Bearer ${key}` })],
])("Claude Code with %s", (_, auth) => {
  const send = (path: string, body: unknown) =>
    fetch(`${base}/v1${path}?beta=true`, { method: "POST", headers: claudeCodeHeaders(auth()), body: JSON.stringify(body) });

  it("gets a streamed tool_use for its main turn, and the answer to the tool_result", async () => {
    const res = await send("/messages", mainTurn([userTurn]));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-xrouter-dropped-params")).toBe("cache_control");
    const events = await frames(res);
    expect(events.map((e) => e.type)).toEqual([
      "message_start",
      "ping",
      "content_block_start",
      ...events.slice(3, -3).map(() => "content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const block = events[2]!.content_block as { type: string; id: string; name: string; input: unknown };
    expect(block).toMatchObject({ type: "tool_use", name: "Bash", input: {} });
    expect(block.id).toMatch(/^toolu_/);
    const json = events
      .filter((e) => e.type === "content_block_delta")
      .map((e) => (e.delta as { type: string; partial_json: string }).partial_json)
      .join("");
    const input = JSON.parse(json) as { command: string };
    expect(input).toEqual({ command: "<system-reminder>\nAs you answer the user's questions, you can use the following context.\n</system-reminder>\nlist the files" });
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: expect.any(Number) } });

    const next = await send(
      "/messages",
      mainTurn([
        userTurn,
        { role: "assistant", content: [{ type: "tool_use", id: block.id, name: "Bash", input }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: block.id, content: "README.md\npackage.json", is_error: false, cache_control: ephemeral }] },
      ]),
    );
    expect(next.status).toBe(200);
    const answer = await frames(next);
    const text = answer
      .filter((e) => e.type === "content_block_delta")
      .map((e) => (e.delta as { text: string }).text)
      .join("");
    expect(text).toContain("README.md");
    expect(answer.at(-1)!.type).toBe("message_stop");
  });

  it("serves the small fast model's quota check and counts tokens", async () => {
    const quota = await send("/messages", { model: SMALL_MODEL, max_tokens: 1, messages: [{ role: "user", content: "quota" }], metadata: { user_id: "user_x" } });
    expect(quota.status).toBe(200);
    const message = (await quota.json()) as { type: string; stop_reason: string; content: { text: string }[] };
    expect(message).toMatchObject({ type: "message", stop_reason: "max_tokens", content: [{ type: "text", text: "Echo:" }] });

    const counted = await send("/messages/count_tokens", { model: MODEL, messages: [userTurn], tools: [bashTool, readTool] });
    expect(counted.status).toBe(200);
    expect(((await counted.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(50);
  });
});
