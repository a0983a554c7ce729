import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type OpenAI from "openai";
import { createTestKey, startTestApi, type TestApi } from "../../testing/api-server";

/** One chat model per provider family (their emulators answer `Echo: <last user text>` and call the first tool). */
const FAMILIES = ["gigachat/GigaChat-2-Max", "yandex/yandexgpt", "mts/qwen3-32b", "tbank/T-pro-it-2.0"];

let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ key } = await createTestKey());
});
afterAll(() => api.close());

const execCommand = {
  type: "function",
  name: "exec_command",
  description: "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
  strict: false,
  parameters: {
    type: "object",
    properties: { cmd: { type: "string", description: "Shell command to execute." }, yield_time_ms: { type: "number" } },
    required: ["cmd"],
    additionalProperties: false,
  },
};
const updatePlan = {
  type: "function",
  name: "update_plan",
  description: "Updates the task plan.",
  strict: false,
  parameters: { type: "object", properties: { plan: { type: "array", items: { type: "object" } } }, required: ["plan"] },
};
const text = (role: string, content: string) => ({ type: "message", role, content: [{ type: "input_text", text: content }] });

/**
 * The body Codex CLI posts to `{base_url}/responses` with `wire_api = "responses"` (shape as recorded from
 * codex-rs: instructions, input items, function tools, stream, store: false, reasoning, include, prompt_cache_key).
 * Codex sends the whole history every turn (store is off), with no previous_response_id.
 */
function codexBody(model: string, history: object[]) {
  return {
    model,
    instructions: "You are Codex, a coding agent. You and the user share the same workspace.",
    input: [
      text("developer", "<permissions instructions>Filesystem sandboxing: workspace-write.</permissions instructions>"),
      text("user", "<environment_context><cwd>/work/project</cwd><shell>bash</shell></environment_context>"),
      ...history,
    ],
    tools: [execCommand, updatePlan],
    tool_choice: "auto",
    parallel_tool_calls: false,
    reasoning: { effort: "medium", summary: "auto" },
    store: false,
    stream: true,
    include: ["reasoning.encrypted_content"],
    prompt_cache_key: "0199a1f2-7c1e-7d20-9b0e-5a3c2d1e0f11",
    text: { verbosity: "low" },
  };
}

async function post(body: object) {
  const res = await fetch(`${api.baseURL}/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
  });
  const events = (await res.text())
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => JSON.parse(block.split("\n")[1]!.slice("data: ".length)) as OpenAI.Responses.ResponseStreamEvent);
  return { res, events, response: (events.at(-1) as OpenAI.Responses.ResponseCompletedEvent).response };
}

describe.each(FAMILIES)("Codex CLI's requests on %s", (model) => {
  it("are served: a tool call, then its output with the whole history, answered; unused fields listed as dropped", async () => {
    const ask = text("user", "list the files");
    const first = await post(codexBody(model, [ask]));
    expect(first.res.status).toBe(200);
    const dropped = first.res.headers.get("x-xrouter-dropped-params")?.split(",") ?? [];
    expect(dropped).toContain("include");
    // The conversation id routes the request everywhere; only GigaChat receives it (as X-Session-ID).
    expect(dropped.includes("prompt_cache_key")).toBe(!model.startsWith("gigachat/"));
    expect(first.events.at(-1)!.type).toBe("response.completed");
    // Codex reads finished items from response.output_item.done.
    const done = first.events.flatMap((e) => (e.type === "response.output_item.done" && e.item.type === "function_call" ? [e.item] : []));
    expect(done).toHaveLength(1);
    const call = done[0]!;
    expect(call.name).toBe("exec_command");
    expect(JSON.parse(call.arguments)).toMatchObject({ cmd: expect.any(String) });

    const output = '{"output":"README.md\\nsrc\\n","metadata":{"exit_code":0}}';
    const history = [ask, ...first.response.output, { type: "function_call_output", call_id: call.call_id, output }];
    const second = await post(codexBody(model, history));
    expect(second.res.status).toBe(200);
    expect(second.response.status).toBe("completed");
    // A reasoning model may think first (its reasoning item comes back in the next turn's history, as Codex sends it).
    const message = second.response.output.find((item) => item.type === "message");
    expect(message).toMatchObject({ content: [{ type: "output_text", text: `Tool result: ${output}` }] });
  });
});
