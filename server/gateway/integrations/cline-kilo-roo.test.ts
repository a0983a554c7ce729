import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { jsonSchema, stepCountIs, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";
import { assembleToolCalls, droppedParams, openaiJsSdkHeaders, replay, sseItems, streamedText, type ChatChunk } from "./recorded-request";

/**
 * Requests shaped as the VS Code coding agents send them with their "OpenAI Compatible" provider (base URL, key,
 * model id) pointed at XRouter (docs/integrations/cline-kilo-roo.md), from their sources:
 * - Cline 3.x apps/vscode/src/core/api/providers/openai.ts: system + user text parts, temperature 0,
 *   stream with stream_options.include_usage, native tools with tool_choice "auto" and parallel_tool_calls false;
 *   or no tools at all in its XML tool-use mode (tools described in the system prompt, called as XML in the text).
 * - Cline 4.x sdk/packages/llms/src/providers/vendors/openai-compatible.ts: the AI SDK's @ai-sdk/openai-compatible
 *   with includeUsage (run here as the real library).
 * - Roo Code src/api/providers/openai.ts: its DEFAULT_HEADERS, cache_control on text parts, strict tools
 *   (MCP tools `mcp--server--tool` not strict), parallel_tool_calls true, reasoning_effort, max_completion_tokens.
 * - Kilo Code (a Roo fork): the same plus `thinking: {type, budget_tokens}` and max_tokens; its OpenRouter provider
 *   with a custom base URL reads GET /models and sends OpenRouter's fields (transforms, provider.sort/zdr, reasoning).
 */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
});
afterAll(() => api.close());

const SYSTEM = "You are Cline, a highly skilled software engineer.\n\n====\n\nTOOL USE\n\nYou have access to a set of tools…";
const task = (text: string) => ({
  role: "user",
  content: [
    { type: "text", text: `<task>\n${text}\n</task>` },
    { type: "text", text: "<environment_details>\n# Current Working Directory (/home/me/app) Files\nREADME.md\n</environment_details>" },
  ],
});
const clineTools = [
  {
    type: "function",
    function: {
      name: "execute_command",
      description: "Request to execute a CLI command on the system.",
      parameters: {
        type: "object",
        properties: { command: { type: "string" }, requires_approval: { type: "boolean" } },
        required: ["command", "requires_approval"],
      },
    },
  },
  {
    type: "function",
    function: { name: "read_file", description: "Read a file.", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  },
];

const chat = (headers: Record<string, string>, body: unknown) => replay(`${api.baseURL}/chat/completions`, { authorization: `Bearer ${key}`, ...headers }, body);

/** What the agents read from a stream: text deltas, tool call deltas by index, the usage chunk. */
async function readAgentStream(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const chunks = await sseItems<ChatChunk>(res);
  const usage = chunks.findLast((c) => c.usage)?.usage;
  return { text: streamedText(chunks), calls: assembleToolCalls(chunks), usage, finish: chunks.flatMap((c) => c.choices.map((x) => x.finish_reason)).filter(Boolean) };
}

describe("Cline (OpenAI Compatible)", () => {
  it("3.x native tools: streams the tool call its ToolCallProcessor assembles, then the usage chunk", async () => {
    const res = await chat(openaiJsSdkHeaders("4.104.0"), {
      model: "gigachat/GigaChat-2-Max",
      messages: [{ role: "system", content: SYSTEM }, task("list the files")],
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
      tools: clineTools,
      tool_choice: "auto",
      parallel_tool_calls: false,
    });
    const { calls, usage, finish } = await readAgentStream(res);
    // GigaChat has no parallel-calls switch (it makes one call at a time): said, not refused.
    expect(droppedParams(res)).toEqual(["parallel_tool_calls"]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe("execute_command");
    expect(calls[0]!.id).toBeTruthy();
    const args = JSON.parse(calls[0]!.arguments) as { command: string; requires_approval: boolean };
    expect(args.requires_approval).toBe(true);
    expect(args.command).toContain("list the files");
    expect(finish).toEqual(["tool_calls"]);
    expect(usage!.prompt_tokens).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it("3.x XML tool use (no tools field): the answer is plain streamed text", async () => {
    const res = await chat(openaiJsSdkHeaders("4.104.0"), {
      model: "yandex/yandexgpt",
      messages: [{ role: "system", content: `${SYSTEM}\n\n<read_file>\n<path>File path here</path>\n</read_file>` }, task("explain README.md")],
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, calls, usage } = await readAgentStream(res);
    expect(calls).toEqual([]);
    expect(text).toContain("explain README.md");
    expect(usage!.total_tokens).toBe(usage!.prompt_tokens + usage!.completion_tokens);
  });

  it("4.x (@ai-sdk/openai-compatible, includeUsage): a tool round trip through streamText", async () => {
    const provider = createOpenAICompatible({ name: "openai-compatible", baseURL: api.baseURL, apiKey: key, includeUsage: true });
    const result = streamText({
      model: provider("mts/qwen3-32b"),
      system: SYSTEM,
      prompt: "README.md",
      temperature: 0,
      maxRetries: 0,
      stopWhen: stepCountIs(2),
      tools: {
        read_file: tool({
          description: "Read a file.",
          inputSchema: jsonSchema<{ path: string }>({ type: "object", properties: { path: { type: "string" } }, required: ["path"] }),
          execute: async ({ path }) => `# ${path}\nhello`,
        }),
      },
    });
    expect(await result.text).toContain("hello");
    const steps = await result.steps;
    expect(steps[0]!.toolCalls[0]).toMatchObject({ toolName: "read_file", input: { path: "README.md" } });
    expect((await result.totalUsage).inputTokens).toBeGreaterThan(0);
  });
});

describe("Roo Code (OpenAI Compatible)", () => {
  const rooHeaders = { ...openaiJsSdkHeaders("5.12.2"), "http-referer": "https://github.com/RooVetGit/Roo-Cline", "x-title": "Roo Code", "user-agent": "RooCode/3.52.1" };
  const rooBody = (reasoningEffort?: string) => ({
    model: "mts/qwen3-32b",
    temperature: 0,
    messages: [
      { role: "system", content: [{ type: "text", text: SYSTEM, cache_control: { type: "ephemeral" } }] },
      { role: "user", content: [{ type: "text", text: "<task>\nread main.py\n</task>", cache_control: { type: "ephemeral" } }] },
    ],
    stream: true,
    stream_options: { include_usage: true },
    ...(reasoningEffort ? { reasoning_effort: reasoningEffort } : {}),
    tools: [
      {
        type: "function",
        function: {
          name: "read_file",
          description: "Read one or more files.",
          strict: true,
          parameters: { type: "object", properties: { path: { type: "string" }, line_range: { type: "string" } }, required: ["path", "line_range"], additionalProperties: false },
        },
      },
      {
        type: "function",
        function: { name: "mcp--github--create_issue", description: "Create an issue", strict: false, parameters: { type: "object", properties: { title: { type: "string" } } } },
      },
    ],
    parallel_tool_calls: true,
    max_completion_tokens: 8192,
  });

  it("sends strict tools, cache_control parts and reasoning_effort; gets the tool call and usage", async () => {
    const { calls, usage } = await readAgentStream(await chat(rooHeaders, rooBody("medium")));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: "read_file" });
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ path: "<task>\nread main.py\n</task>", line_range: "<task>\nread main.py\n</task>" });
    expect(usage!.cost_rub).toBeGreaterThan(0);
  });

  // Roo's effort list is none/minimal/low/medium/high/xhigh (packages/types reasoningEffortsExtended), sent literally.
  it.each(["none", "xhigh"])("accepts reasoning_effort %s (Roo sends its extended efforts as they are)", async (effort) => {
    const res = await chat(rooHeaders, rooBody(effort));
    expect(res.status).toBe(200);
  });
});

describe("Kilo Code", () => {
  const kiloHeaders = { ...openaiJsSdkHeaders("5.12.2"), "http-referer": "https://kilocode.ai", "x-title": "Kilo Code", "x-kilocode-version": "4.140.0", "user-agent": "Kilo-Code/4.140.0" };

  it("OpenAI Compatible with thinking and max_tokens: served, `thinking` listed as dropped", async () => {
    const res = await chat(kiloHeaders, {
      model: "tbank/T-pro-it-2.0",
      temperature: 0,
      messages: [{ role: "system", content: SYSTEM }, task("say hi")],
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: "low",
      thinking: { type: "enabled", budget_tokens: 8192 },
      max_tokens: 4096,
    });
    const { text, usage } = await readAgentStream(res);
    expect(droppedParams(res)).toContain("thinking");
    expect(text).toContain("say hi");
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it("OpenRouter provider with a custom base URL: lists GET /models, then streams with OpenRouter's fields", async () => {
    const models = await fetch(`${api.baseURL}/models`, { headers: { ...kiloHeaders, authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);
    const { data } = (await models.json()) as { data: { id: string; context_length: number; pricing: { prompt: string } }[] };
    const listed = data.find((m) => m.id === "gigachat/GigaChat-2-Max");
    expect(listed).toMatchObject({ context_length: expect.any(Number) });

    const res = await chat(kiloHeaders, {
      model: "gigachat/GigaChat-2-Max",
      temperature: 0,
      messages: [{ role: "system", content: SYSTEM }, task("list the files")],
      stream: true,
      stream_options: { include_usage: true },
      provider: { sort: "price", data_collection: "deny", zdr: true },
      parallel_tool_calls: false,
      transforms: ["middle-out"],
      reasoning: { effort: "medium" },
      tools: clineTools,
      tool_choice: "auto",
    });
    const { calls, usage } = await readAgentStream(res);
    expect(droppedParams(res)).toContain("transforms");
    expect(calls[0]!.name).toBe("execute_command");
    expect(usage!.prompt_tokens).toBeGreaterThan(0);
  });
});
