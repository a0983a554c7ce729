import type { ChatMessage, ChatRequest } from "../../providers/openai";
import { KNOWN_FIELDS, type MessageParam, type MessagesRequest, type ToolParam } from "./schema";

/** A Messages request as the providers' common (OpenAI chat) form, and what of it no provider will see. */
export interface ChatTranslation {
  /** Without `model` routing fields: the route sets the upstream model. */
  chat: ChatRequest;
  /** Anthropic parameters left out (`x-xrouter-dropped-params`). */
  dropped: string[];
}

type UserPart = Extract<ChatMessage, { role: "user" }>["content"];
type Part = Exclude<UserPart, string>[number];

const textOf = (content: string | { text: string }[] | undefined) =>
  typeof content === "string" ? content : (content ?? []).map((block) => block.text).join("\n");

/** Text-only parts travel as one string: every provider takes that, not all take part arrays. */
const userContent = (parts: Part[]): UserPart =>
  parts.every((part) => part.type === "text") ? parts.map((part) => part.text).join("\n") : parts;

function hasCacheControl(value: unknown): boolean {
  return typeof value === "object" && value !== null && "cache_control" in value && value.cache_control != null;
}

/** One Anthropic message → chat messages: tool results become `tool` messages, in the order they came. */
function toChatMessages(message: MessageParam): ChatMessage[] {
  if (typeof message.content === "string") return [{ role: message.role, content: message.content }];
  if (message.role === "assistant") {
    const text = message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
    const calls = message.content.flatMap((block) =>
      block.type === "tool_use"
        ? [{ id: block.id, type: "function" as const, function: { name: block.name, arguments: JSON.stringify(block.input) } }]
        : [],
    );
    return [{ role: "assistant", content: text || null, ...(calls.length ? { tool_calls: calls } : {}) }];
  }
  const out: ChatMessage[] = [];
  let parts: Part[] = [];
  const flush = () => {
    if (parts.length) out.push({ role: "user", content: userContent(parts) });
    parts = [];
  };
  for (const block of message.content) {
    if (block.type === "tool_result") {
      flush();
      const text = textOf(block.content);
      // OpenAI's tool message has no error flag: the model is told in words.
      out.push({ role: "tool", tool_call_id: block.tool_use_id, content: block.is_error ? `Error: ${text}` : text });
    } else if (block.type === "text") {
      parts.push({ type: "text", text: block.text });
    } else {
      const url = block.source.type === "url" ? block.source.url : `data:${block.source.media_type};base64,${block.source.data}`;
      parts.push({ type: "image_url", image_url: { url } });
    }
  }
  flush();
  return out;
}

const isClientTool = (tool: ToolParam): tool is Extract<ToolParam, { input_schema: unknown }> => "input_schema" in tool;

function toolChoice(choice: MessagesRequest["tool_choice"]): Pick<ChatRequest, "tool_choice" | "parallel_tool_calls"> {
  if (!choice) return {};
  const parallel = "disable_parallel_tool_use" in choice && choice.disable_parallel_tool_use ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case "auto":
      return { tool_choice: "auto", ...parallel };
    case "any":
      return { tool_choice: "required", ...parallel };
    case "tool":
      return { tool_choice: { type: "function", function: { name: choice.name } }, ...parallel };
    case "none":
      return { tool_choice: "none" };
  }
}

/** The Messages request as a chat request (system, tool_use/tool_result, tools, tool_choice, stop_sequences). */
export function toChatRequest(req: MessagesRequest): ChatTranslation {
  const dropped = Object.keys(req).filter((key) => !KNOWN_FIELDS.has(key));
  const messages: ChatMessage[] = [];
  const system = textOf(req.system);
  if (system) messages.push({ role: "system", content: system });
  for (const message of req.messages) messages.push(...toChatMessages(message));

  const tools = (req.tools ?? []).flatMap((tool) =>
    isClientTool(tool)
      ? [{ type: "function" as const, function: { name: tool.name, description: tool.description, parameters: tool.input_schema } }]
      : [],
  );
  for (const tool of req.tools ?? []) if (!isClientTool(tool)) dropped.push(`tools.${tool.name}`);
  const blocks: unknown[] = [...(Array.isArray(req.system) ? req.system : []), ...req.messages.flatMap((m): unknown[] => (Array.isArray(m.content) ? m.content : []))];
  if ([...blocks, ...(req.tools ?? [])].some(hasCacheControl)) dropped.push("cache_control");

  const chat: ChatRequest = {
    model: req.model,
    messages,
    ...(req.max_tokens !== undefined ? { max_tokens: req.max_tokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.top_p !== undefined ? { top_p: req.top_p } : {}),
    ...(req.stop_sequences?.length ? { stop: req.stop_sequences } : {}),
    ...(req.stream ? { stream: true } : {}),
    ...(tools.length ? { tools, ...toolChoice(req.tool_choice) } : {}),
  };
  return { chat, dropped };
}

/** The Anthropic name of an OpenAI parameter an adapter left out. */
const ANTHROPIC_NAMES: Record<string, string> = {
  stop: "stop_sequences",
  parallel_tool_calls: "tool_choice.disable_parallel_tool_use",
  image_url: "image",
};
export const anthropicParamName = (openAIName: string) => ANTHROPIC_NAMES[openAIName] ?? openAIName;
