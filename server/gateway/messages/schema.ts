import { z } from "zod";
import { providerPreferencesSchema } from "../../providers/openai";

/**
 * Anthropic's Messages request (POST /v1/messages), as far as XRouter serves it. Unknown top-level fields are kept
 * (`loose`) so the translation can list them in `x-xrouter-dropped-params` instead of ignoring them silently.
 * Blocks accept Anthropic's `cache_control` (reported as dropped: prompt caching is the provider's own business).
 */
const cacheControl = z.object({ type: z.string() }).loose().optional();

const textBlock = z.object({ type: z.literal("text"), text: z.string(), cache_control: cacheControl }).loose();
const imageBlock = z.object({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [
    z.object({ type: z.literal("base64"), media_type: z.string(), data: z.string() }),
    z.object({ type: z.literal("url"), url: z.string() }),
  ]),
  cache_control: cacheControl,
});
const toolUseBlock = z.object({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});
const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(textBlock)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

const userBlock = z.discriminatedUnion("type", [textBlock, imageBlock, toolResultBlock]);
const assistantBlock = z.discriminatedUnion("type", [textBlock, toolUseBlock]);

const messageParam = z.discriminatedUnion("role", [
  z.object({ role: z.literal("user"), content: z.union([z.string(), z.array(userBlock)]) }),
  z.object({ role: z.literal("assistant"), content: z.union([z.string(), z.array(assistantBlock)]) }),
]);

/** A client tool; Anthropic's server tools (web search, code execution…) have a `type` and no schema: dropped. */
const toolParam = z.union([
  z.object({
    type: z.literal("custom").optional(),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, "must be 1-128 letters, digits, _ or -"),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()),
    cache_control: cacheControl,
  }),
  z.object({ type: z.string().refine((type) => type !== "custom", "a custom tool needs input_schema"), name: z.string() }).loose(),
]);

const parallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoiceParam = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auto"), ...parallel }),
  z.object({ type: z.literal("any"), ...parallel }),
  z.object({ type: z.literal("tool"), name: z.string().min(1), ...parallel }),
  z.object({ type: z.literal("none") }),
]);

const fields = {
  model: z.string().min(1),
  /** XRouter: fallback models, tried in order after `model`. */
  models: z.array(z.string().min(1)).max(10).optional(),
  /** XRouter: provider preferences, as in chat completions. */
  provider: providerPreferencesSchema.optional(),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  messages: z.array(messageParam).min(1, "must contain at least one message"),
  max_tokens: z.number().int().positive(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  metadata: z.object({ user_id: z.string().nullable().optional() }).loose().optional(),
  tools: z.array(toolParam).optional(),
  tool_choice: toolChoiceParam.optional(),
};

/** The fields this endpoint understands; any other top-level field is reported as dropped. */
export const KNOWN_FIELDS = new Set(Object.keys(fields));

export const messagesRequestSchema = z.object(fields).loose();
/** count_tokens takes the same body; max_tokens is not needed there. */
export const countTokensRequestSchema = z.object({ ...fields, max_tokens: fields.max_tokens.optional() }).loose();

export type MessagesRequest = z.infer<typeof countTokensRequestSchema>;
export type MessageParam = z.infer<typeof messageParam>;
export type ToolParam = z.infer<typeof toolParam>;
