import type { ChatCompletion, FinishReason, Usage } from "../../providers/openai";
import type { ResponsesCall } from "./translate-request";

export interface OutputText {
  type: "output_text";
  text: string;
  annotations: never[];
  logprobs: never[];
}
export interface MessageItem {
  type: "message";
  id: string;
  status: ItemStatus;
  role: "assistant";
  content: OutputText[];
}
export interface FunctionCallItem {
  type: "function_call";
  id: string;
  status: ItemStatus;
  call_id: string;
  name: string;
  arguments: string;
}
export interface ReasoningItem {
  type: "reasoning";
  id: string;
  status: ItemStatus;
  summary: never[];
  content: { type: "reasoning_text"; text: string }[];
}
export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;
type ItemStatus = "in_progress" | "completed" | "incomplete";

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
  /** XRouter's extension, as on chat completions. */
  cost_rub: number;
}

/** OpenAI's `response` object. */
export interface ResponseObject {
  id: string;
  object: "response";
  created_at: number;
  status: "in_progress" | "completed" | "incomplete" | "failed";
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: null };
  store: boolean;
  temperature: number | null;
  text: { format: unknown };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: "disabled";
  usage: ResponseUsage | null;
  user: string | null;
}

/** `resp_…` from the request id, as chat's `chatcmpl-…`: GET /generation finds it by the request id. */
export const responseIdOf = (requestId: string) => `resp_${requestId.slice("req_".length)}`;

/** Output item ids name their response (`msg_<response>_<index>`), so an `item_reference` leads to its stored response. */
export const outputItemId = (kind: "msg" | "fc" | "rs", responseId: string, index: number) => `${kind}_${responseId.slice("resp_".length)}_${index}`;

/** The response an output item id belongs to, when it is one of ours. */
export function responseIdOfItem(itemId: string): string | undefined {
  const match = /^(?:msg|fc|rs)_([0-9A-Za-z]+)_\d+$/.exec(itemId);
  return match ? `resp_${match[1]}` : undefined;
}

/** Whether the request wants its response kept (OpenAI's default is yes). */
export const storesResponse = (call: ResponsesCall) => call.request.store !== false;

/** The response before any output: what `response.created` carries, and the frame of the final one. */
export function responseFrame(call: ResponsesCall, id: string, model: string, createdAtMs: number): ResponseObject {
  const req = call.request;
  return {
    id,
    object: "response",
    created_at: Math.floor(createdAtMs / 1000),
    status: "in_progress",
    error: null,
    incomplete_details: null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    metadata: req.metadata ?? {},
    model,
    output: [],
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: null },
    store: storesResponse(call),
    temperature: req.temperature ?? null,
    text: { format: req.text?.format ?? { type: "text" } },
    tool_choice: req.tool_choice ?? "auto",
    tools: (req.tools ?? []).map((tool) => ({ strict: tool.strict ?? null, description: tool.description ?? null, parameters: tool.parameters ?? null, ...tool })),
    top_p: req.top_p ?? null,
    truncation: "disabled",
    usage: null,
    user: req.user ?? null,
  };
}

export function responseUsage(usage: Usage, costMicro: number): ResponseUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
    cost_rub: costMicro / 1_000_000,
  };
}

/** How a finished answer ends: cut by the token limit or a content filter is `incomplete`, as OpenAI says it. */
export function endStatus(finishReason: FinishReason | string | null | undefined): Pick<ResponseObject, "status" | "incomplete_details"> {
  if (finishReason === "length") return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  if (finishReason === "content_filter") return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  return { status: "completed", incomplete_details: null };
}

export const outputText = (text: string): OutputText => ({ type: "output_text", text, annotations: [], logprobs: [] });

/** A whole completion's output items, in the order a stream would have sent them: reasoning, text, calls. */
export function completionOutput(completion: ChatCompletion, responseId: string): OutputItem[] {
  const choice = completion.choices[0];
  if (!choice) return [];
  const status = endStatus(choice.finish_reason).status === "completed" ? "completed" : "incomplete";
  const output: OutputItem[] = [];
  const { reasoning_content: reasoning, content, tool_calls: calls } = choice.message;
  if (reasoning)
    output.push({ type: "reasoning", id: outputItemId("rs", responseId, output.length), status, summary: [], content: [{ type: "reasoning_text", text: reasoning }] });
  if (content || !calls?.length)
    output.push({ type: "message", id: outputItemId("msg", responseId, output.length), status, role: "assistant", content: [outputText(content ?? "")] });
  for (const call of calls ?? [])
    output.push({
      type: "function_call",
      id: outputItemId("fc", responseId, output.length),
      status: "completed",
      call_id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    });
  return output;
}
