import { z } from "zod";
import { providerPreferencesSchema } from "../../providers/openai";
import { effortSchema } from "../reasoning";

/**
 * OpenAI's Responses request (`POST /responses`), as far as XRouter serves it. Items the client got back from an
 * earlier response (output messages, function calls, reasoning) are accepted as input, so a conversation can be
 * sent back whole; fields the schema does not name are kept aside and listed in `x-xrouter-dropped-params`.
 */
const inputText = z.object({ type: z.literal("input_text"), text: z.string() });
const outputText = z.object({ type: z.literal("output_text"), text: z.string() });
const refusal = z.object({ type: z.literal("refusal"), refusal: z.string() });
const inputImage = z.object({
  type: z.literal("input_image"),
  image_url: z.string().nullable().optional(),
  file_id: z.string().nullable().optional(),
  detail: z.string().optional(),
});
const contentPart = z.discriminatedUnion("type", [inputText, outputText, refusal, inputImage]);

export const messageItemSchema = z.object({
  type: z.literal("message").optional(),
  id: z.string().optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(contentPart)]),
});

export const functionCallItemSchema = z.object({
  type: z.literal("function_call"),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

export const functionCallOutputItemSchema = z.object({
  type: z.literal("function_call_output"),
  id: z.string().optional(),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.discriminatedUnion("type", [inputText, outputText]))]),
});

/** Reasoning an earlier response returned: kept in the conversation, not sent upstream (the providers take none). */
export const reasoningItemSchema = z.object({
  type: z.literal("reasoning"),
  id: z.string().optional(),
  summary: z.array(z.unknown()).optional(),
  content: z.array(z.unknown()).optional(),
});

/** A reference to an item of a stored response of the caller's (the AI SDK sends these when `store` is on). */
export const itemReferenceSchema = z.object({ type: z.literal("item_reference"), id: z.string().min(1) });

export const inputItemSchema = z.union([
  messageItemSchema,
  functionCallItemSchema,
  functionCallOutputItemSchema,
  reasoningItemSchema,
  itemReferenceSchema,
]);

/** Function tools; any other `type` is a built-in tool (web_search, file_search, …), refused by name in translation. */
export const toolSchema = z
  .object({
    type: z.string(),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -").optional(),
    description: z.string().nullable().optional(),
    parameters: z.record(z.string(), z.unknown()).nullable().optional(),
    strict: z.boolean().nullable().optional(),
  })
  .loose();

const toolChoiceSchema = z.union([z.enum(["none", "auto", "required"]), z.object({ type: z.string(), name: z.string().optional() }).loose()]);

const textFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    name: z.string().min(1),
    description: z.string().optional(),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullable().optional(),
  }),
]);

export const responsesRequestSchema = z
  .object({
    model: z.string().min(1),
    /** Fallback models, tried in order after `model` (as for chat completions). */
    models: z.array(z.string().min(1)).max(10).optional(),
    provider: providerPreferencesSchema.optional(),
    input: z.union([z.string(), z.array(inputItemSchema)]),
    instructions: z.string().nullable().optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().nullable().optional(),
    text: z.object({ format: textFormatSchema.optional() }).loose().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_output_tokens: z.number().int().positive().nullable().optional(),
    reasoning: z
      .object({ effort: effortSchema.nullable().optional() })
      .loose()
      .nullable()
      .optional(),
    /** OpenAI's conversation id for its prompt cache: XRouter routes the conversation to one account (checked when planned). */
    prompt_cache_key: z.string().nullable().optional(),
    metadata: z.record(z.string().max(64), z.string().max(512)).nullable().optional(),
    store: z.boolean().nullable().optional(),
    previous_response_id: z.string().min(1).nullable().optional(),
    stream: z.boolean().nullable().optional(),
    user: z.string().optional(),
  })
  .loose();

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type InputItem = z.infer<typeof inputItemSchema>;
export type ResponseTool = z.infer<typeof toolSchema>;

/** The request's top-level fields XRouter reads; any other is dropped and named in `x-xrouter-dropped-params`. */
export const KNOWN_FIELDS = new Set(Object.keys(responsesRequestSchema.shape));
