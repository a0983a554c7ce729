import type { JsonSchema, OpenApiDocument } from "./types";

/**
 * English descriptions of the fields nested in the request and response schemas (the top-level fields of the
 * request bodies carry their own English and Russian text, e.g. request-bodies.ts). Looked up as
 * `<parent>.<field>` first, where the parent is the enclosing field's name (or the component's, at its top
 * level), then as `<field>`. A field that describes itself already keeps its own text.
 */
const FIELD_DOCS: Record<string, string> = {
  // Shared across the API.
  arguments: "The call's arguments as a JSON string.",
  cache_control: "Anthropic's prompt-cache marker (`{type: \"ephemeral\"}`); accepted and passed on where the provider caches.",
  "cache_control.type": "`ephemeral`: cache the prompt up to this block.",
  cache_control_ttl: "How long the cached prefix lives.",
  call_id: "The id of the function call this item answers or makes.",
  created: "Unix time in seconds.",
  created_at: "Unix time in seconds.",
  currency: "Always `RUB`: every amount is in rubles.",
  description: "What it is for, in words the model reads.",
  detail: "Image detail: `auto`, `low` or `high` (a hint; providers without it ignore it).",
  file_id: "An uploaded file's id, in place of the image's URL.",
  id: "The object's id.",
  image_url: "The image: an `https` URL or a `data:` URL with base64.",
  index: "Position in the list, from 0.",
  input_schema: "The tool's parameters as a JSON Schema object.",
  model: "The model id.",
  name: "The function's name, as the model calls it.",
  parameters: "The function's parameters as a JSON Schema object.",
  refusal: "The model's refusal text.",
  role: "Who wrote the message.",
  strict: "Hold the model to the schema exactly, where the provider can.",
  text: "The text.",
  tool_call_id: "The `id` of the tool call this message answers.",
  tool_calls: "Functions the model called, in order.",
  tool_use_id: "The `id` of the `tool_use` block this result answers.",
  url: "An `https` or `data:` URL of the image.",

  // Chat completions (requests and answers).
  "messages.content": "The message: a string or a list of content parts.",
  "messages.name": "An optional name of the participant, to tell several apart.",
  "messages.tool_calls": "The functions the assistant called in this turn, as it returned them.",
  "messages.tool_call_id": "The `id` of the tool call this message answers.",
  "tool_calls.id": "`call_…`: the call's id, sent back as `tool_call_id`.",
  "tool_calls.function": "The called function: its name and arguments.",
  "tool_calls.index": "Which call of the turn this chunk continues, from 0.",
  "function.name": "The function's name.",
  "function.description": "What the function does, for the model to decide when to call it.",
  "function.parameters": "The function's parameters as a JSON Schema object.",
  "function.strict": "Hold the arguments to the schema exactly, where the provider can.",
  "image_url.url": "The image: an `https` URL or a `data:image/…;base64,` URL.",
  "image_url.detail": "Image detail: `auto`, `low` or `high` (a hint; providers without it ignore it).",
  "tools.function": "The function: its name, description and parameters.",
  "tools.type": "The tool's kind: `function` (Responses) or `custom` (Messages); built-in tools such as `web_search` are not served.",
  "tool_choice.type": "`function`, with `name`: the function the model must call.",
  "tool_choice.function": "The function the model must call, by `name`.",
  "response_format.json_schema": "The schema the answer must follow, with its name.",
  "json_schema.name": "The schema's name (letters, digits, `_` and `-`).",
  "json_schema.description": "What the answer is, for the model.",
  "json_schema.schema": "The JSON Schema of the answer.",
  "json_schema.strict": "Hold the answer to the schema exactly, where the provider can.",
  "stream_options.include_usage": "Add a last chunk with `choices: []` and `usage` (with `cost_rub`).",
  "usage.include": "`true`: add usage with its cost (always there in a JSON answer; a last chunk in a stream).",
  "reasoning.effort": "How hard the model thinks: `minimal`, `low`, `medium` or `high`.",
  "reasoning.max_tokens": "A token budget for reasoning, mapped to an effort (<2048 low, <8192 medium, else high).",
  "reasoning.enabled": "`true` turns reasoning on at the model's default effort.",
  "reasoning.exclude": "`true` leaves the reasoning text out of the answer (its tokens are still billed).",
  "provider.order": "Providers to try first, in this order (e.g. `yandex`, `gigachat`).",
  "provider.only": "Use only these providers.",
  "provider.ignore": "Never use these providers.",
  "provider.allow_fallbacks": "`false`: use only the first provider that fits, never a fallback.",
  "provider.require_parameters": "Use only providers that support every parameter of the request.",
  "provider.sort": "Order the candidate routes by `price`, `latency` or `throughput`.",
  "provider.max_price": "The highest price to pay, in RUB per 1M tokens; routes above it are skipped.",
  "max_price.prompt": "The highest price per 1M input tokens, in RUB.",
  "max_price.completion": "The highest price per 1M generated tokens, in RUB.",
  "ChatCompletion.choices": "The answer; always one choice.",
  "ChatCompletionChunk.id": "`chatcmpl-…`, the same in every chunk of a stream; also the id for GET /generation.",
  "ChatCompletionChunk.choices": "The chunk's piece of the answer; empty in the last chunk with `usage`.",
  "ChatCompletionChunk.usage": "Token usage and cost, in the last chunk only (with `stream_options.include_usage`).",
  "ChatCompletionChunk.model": "The model id you asked for.",
  "choices.message": "The assistant's message.",
  "choices.delta": "What this chunk adds to the assistant's message.",
  "choices.logprobs": "Always null: log probabilities are not returned.",
  "message.role": "Always `assistant`.",
  "message.tool_calls": "The functions the model called, in order.",
  "delta.role": "`assistant`, in the first chunk only.",
  "delta.reasoning_content": "The next piece of the reasoning text, for models that return it.",
  "delta.tool_calls": "Pieces of tool calls: the first has `id` and `function.name`, later ones add to `arguments`.",
  "ToolCall.function": "The called function: its name and arguments.",
  "Usage.prompt_tokens_details": "Details of the input tokens.",
  "Usage.completion_tokens_details": "Details of the generated tokens.",

  // Embeddings, models, generations, keys, credits, errors.
  "EmbeddingsList.data": "One embedding per input text, in input order.",
  "EmbeddingsList.model": "The model id you asked for.",
  "EmbeddingsList.usage": "Token usage and its cost.",
  "usage.prompt_tokens": "Input tokens.",
  "ModelList.data": "The models.",
  "Model.created": "When the model was added to the catalog, Unix time in seconds.",
  "Model.type": "`chat` for chat models, `embedding` for embedding models.",
  "Model.features": "What the model can do.",
  "features.tools": "Calls functions (`tools`).",
  "features.streaming": "Answers as a stream (`stream: true`).",
  "features.embeddings": "Makes embeddings (POST /embeddings).",
  "pricing.currency": "Always `RUB`.",
  "pricing.unit": "Prices are per 1M tokens.",
  "pricing.vat_included": "Always true: prices include VAT.",
  "architecture.modality": "Input and output kinds, OpenRouter's way (`text+image->text`).",
  "architecture.input_modalities": "What the model takes: `text`, `image`.",
  "architecture.output_modalities": "What the model gives: `text` or `embeddings`.",
  "Generation.data": "The request's record.",
  "data.model": "The model id that was asked for.",
  "data.provider": "The provider that answered; null when none did.",
  "data.stream": "Whether the answer was streamed.",
  "data.error_code": "The error code when the request failed (see the error reference), else null.",
  "data.finish_reason": "Why generation stopped; null when it failed.",
  "data.tokens_prompt": "Input tokens.",
  "data.tokens_completion": "Generated tokens.",
  "data.tokens_cached": "Input tokens served from the provider's cache.",
  "data.latency_ms": "Time from the request to the last byte, in milliseconds.",
  "KeyInfo.data": "The key and its spending.",
  "data.id": "The key's id.",
  "data.name": "The key's name.",
  "data.usage_rub": "Spent with this key, in RUB.",
  "usage_rub.today": "Since midnight, Moscow time.",
  "usage_rub.week": "In the last 7 days.",
  "usage_rub.month": "In the last 30 days.",
  "usage_rub.total": "Since the key was made.",
  "data.expires_at": "When the key stops working (ISO 8601); null when it never does.",
  "data.rate_limit": "The key's request rate limit; null when it has none of its own.",
  "rate_limit.requests": "Requests allowed per interval.",
  "rate_limit.interval": "Always `1m`: the limit is per minute.",
  "data.currency": "Always `RUB`.",
  "data.is_free_tier": "OpenRouter's field; always false.",
  "data.is_provisioning_key": "OpenRouter's field; always false.",
  "data.is_management_key": "OpenRouter's field; always false.",
  "data.include_byok_in_limit": "OpenRouter's field; always false (XRouter has no bring-your-own-key).",
  "data.creator_user_id": "The id of the key's owner.",
  "Credits.data": "The account's balance and totals.",
  "Error.error": "What went wrong.",
  "AnthropicError.error": "What went wrong.",
  "error.message": "A sentence for people.",
  "error.type": "The error's kind, Anthropic's names.",

  // Anthropic Messages.
  "system.text": "The system prompt's text.",
  "content.text": "The text.",
  "content.source": "The image: base64 data with its media type, or a URL.",
  "content.id": "`toolu_…`: the tool call's id, answered by a `tool_result` with the same `tool_use_id`.",
  "content.name": "The tool's name.",
  "content.input": "The tool's arguments as an object.",
  "content.content": "The tool's result: a string or text blocks.",
  "content.is_error": "`true` when the tool failed and the content says how.",
  "source.data": "The image, base64-encoded.",
  "source.media_type": "`image/jpeg`, `image/png`, `image/gif` or `image/webp`.",
  "source.url": "An `https` URL of the image.",
  "metadata.user_id": "Your end-user id, for your own tracing.",
  "tools.name": "The tool's name, as the model calls it.",
  "tools.description": "What the tool does, for the model to decide when to use it.",
  "tools.strict": "Hold the arguments to the schema exactly, where the provider can.",
  "tools.parameters": "The function's parameters as a JSON Schema object.",
  "tool_choice.name": "The tool the model must use.",
  "tool_choice.disable_parallel_tool_use": "`true`: at most one tool call in the turn.",
  "Message.id": "`msg_…`: the message's id; also the id for GET /generation.",
  "Message.model": "The model id you asked for.",
  "Message.content": "The answer's blocks: text, thinking and tool calls.",
  "Message.role": "Always `assistant`.",
  "Message.stop_reason": "Why generation stopped; null while a stream runs.",
  "Message.stop_sequence": "The stop sequence that ended the answer, if one did.",
  "MessagesUsage.input_tokens": "Input tokens.",
  "MessagesUsage.output_tokens": "Generated tokens.",
  "MessagesUsage.cache_creation_input_tokens": "Input tokens written to the provider's cache.",
  "MessagesUsage.cache_read_input_tokens": "Input tokens served from the provider's cache.",
  "MessageStreamEvent.type": "The event's name: `message_start`, `content_block_delta`, `message_stop`, …",

  // OpenAI Responses.
  "input.id": "The item's id, when it repeats an earlier output item.",
  "input.role": "Who wrote the message.",
  "input.content": "The message: a string or a list of content parts.",
  "input.name": "The called function's name.",
  "input.arguments": "The call's arguments as a JSON string.",
  "input.output": "The function's result: a string or content parts.",
  "input.summary": "The reasoning summary's parts.",
  "output.text": "The text.",
  "text.format": "The answer's format: `text`, `json_object` or `json_schema`.",
  "format.name": "The schema's name (letters, digits, `_` and `-`).",
  "format.description": "What the answer is, for the model.",
  "format.schema": "The JSON Schema of the answer.",
  "format.strict": "Hold the answer to the schema exactly, where the provider can.",
  "Response.created_at": "Unix time in seconds.",
  "Response.status": "`completed`, `incomplete` (cut short, see `incomplete_details`), `failed` or `in_progress`.",
  "Response.error": "What went wrong, when `status` is `failed`; else null.",
  "Response.incomplete_details": "Why the answer was cut short (`reason`), when `status` is `incomplete`; else null.",
  "Response.model": "The model id you asked for.",
  "Response.output": "The answer's items: messages, reasoning and function calls.",
  "Response.previous_response_id": "The response this one continues, if any.",
  "Response.store": "Whether the response is kept for `previous_response_id` and GET /responses/{id}.",
  "Response.metadata": "Your key-value pairs, as sent.",
  "Response.usage": "Token usage and its cost; null until the response is done.",
  "output.id": "The item's id.",
  "output.type": "The item's kind: `message`, `function_call` or `reasoning`.",
  "output.status": "The item's status: `completed` or `incomplete`.",
  "usage.input_tokens": "Input tokens.",
  "usage.output_tokens": "Generated tokens.",
  "usage.total_tokens": "Input and generated tokens together.",
  "usage.input_tokens_details": "Details of the input tokens.",
  "usage.output_tokens_details": "Details of the generated tokens.",
  "input_tokens_details.cached_tokens": "Input tokens served from the provider's cache.",
  "output_tokens_details.reasoning_tokens": "Tokens spent on reasoning.",
  "ResponseDeleted.id": "The deleted response's id.",
  "ResponseDeleted.deleted": "Always true.",
  "ResponseStreamEvent.type": "The event's name: `response.created`, `response.output_text.delta`, `response.completed`, …",
  "ResponseStreamEvent.sequence_number": "The event's position in the stream, from 0.",
};

/** A field that can hold only one value describes itself by it: OpenAI's `object` and the variants' `type`. */
function constantDoc(field: string, schema: JsonSchema): string | undefined {
  const only = "const" in schema ? schema.const : Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
  if (typeof only !== "string") return undefined;
  if (field === "object") return `The object's type, always \`${only}\`.`;
  if (field === "type") return `The kind of this item, always \`${only}\`.`;
  return undefined;
}

const STRUCTURE = new Set(["items", "anyOf", "oneOf", "allOf", "prefixItems", "additionalProperties"]);

function describeProperties(node: unknown, parent: string): void {
  if (Array.isArray(node)) return node.forEach((child) => describeProperties(child, parent));
  if (!node || typeof node !== "object") return;
  const schema = node as JsonSchema;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [key, child] of Object.entries(schema)) {
    if (key === "properties" && properties && typeof properties === "object") {
      for (const [field, property] of Object.entries(properties)) {
        if (!property.description && !property.$ref) {
          const text = FIELD_DOCS[`${parent}.${field}`] ?? constantDoc(field, property) ?? FIELD_DOCS[field];
          if (text) property.description = text;
        }
        describeProperties(property, field);
      }
    } else describeProperties(child, STRUCTURE.has(key) ? parent : key);
  }
}

/** Fills in the descriptions of the fields that have none, in place; returns the document. */
export function describeFields(doc: OpenApiDocument): OpenApiDocument {
  for (const [name, schema] of Object.entries(doc.components.schemas)) describeProperties(schema, name);
  describeProperties(doc.paths, "");
  return doc;
}
