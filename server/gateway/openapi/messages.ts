import { countTokensRequestSchema, messagesRequestSchema } from "../messages/schema";
import { header, headerRef, modelHeaders, rateHeaders } from "./headers";
import { chatFieldDocs, routingFieldDocs } from "./request-bodies";
import { d, fromZod, json, ref } from "./schema-helpers";
import type { JsonSchema, OpenApiOperation, OpenApiResponse } from "./types";

/** Anthropic's Messages API (docs/api/messages.md): its paths and schemas, merged into the document. */

const fieldDocs: Record<string, [string, string]> = {
  ...routingFieldDocs,
  temperature: chatFieldDocs.temperature!,
  top_p: chatFieldDocs.top_p!,
  metadata: ["Anthropic's `metadata`; `user_id` is kept for your tracing.", "`metadata` из API Anthropic; `user_id` сохраняется для трассировки."],
  tools: ["Tools the model may call: `name`, `description`, `input_schema`.", "Инструменты, которые модель может вызвать: `name`, `description`, `input_schema`."],
  tool_choice: ["`auto`, `any`, `none` or `{type: \"tool\", name}`.", "`auto`, `any`, `none` или `{type: \"tool\", name}`."],
  model: ["XRouter model id `<provider>/<model>` or `auto`.", "Id модели XRouter `<провайдер>/<модель>` или `auto`."],
  max_tokens: ["Required, as in Anthropic's API: upper bound on generated tokens.", "Обязателен, как в API Anthropic: максимум генерируемых токенов."],
  system: ["System prompt: a string or text blocks.", "Системный промпт: строка или текстовые блоки."],
  messages: [
    "The conversation: `text`, `image`, `tool_use` and `tool_result` blocks.",
    "Диалог: блоки `text`, `image`, `tool_use` и `tool_result`.",
  ],
  stop_sequences: ["Stop sequences; dropped for providers without them.", "Стоп-последовательности; отбрасываются, если провайдер их не умеет."],
  stream: ["Answer as Anthropic's server-sent events.", "Отвечать потоком событий SSE в формате Anthropic."],
};

const usageSchema: JsonSchema = {
  type: "object",
  properties: {
    input_tokens: { type: "integer" },
    output_tokens: { type: "integer" },
    cache_creation_input_tokens: { type: "integer" },
    cache_read_input_tokens: { type: "integer" },
    cost_rub: { type: "number", ...d("What the request cost, RUB (XRouter's extension).", "Стоимость запроса в рублях (расширение XRouter).") },
  },
  required: ["input_tokens", "output_tokens"],
};

const messageSchema: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "string", examples: ["msg_01JD0…"] },
    type: { type: "string", const: "message" },
    role: { type: "string", const: "assistant" },
    content: {
      type: "array",
      items: {
        oneOf: [
          { type: "object", properties: { type: { const: "text" }, text: { type: "string" } }, required: ["type", "text"] },
          {
            type: "object",
            properties: { type: { const: "tool_use" }, id: { type: "string" }, name: { type: "string" }, input: { type: "object" } },
            required: ["type", "id", "name", "input"],
          },
        ],
      },
    },
    model: { type: "string" },
    stop_reason: { enum: ["end_turn", "max_tokens", "tool_use", "refusal", null] },
    stop_sequence: { type: ["string", "null"] },
    usage: ref("MessagesUsage"),
  },
  required: ["id", "type", "role", "content", "model", "stop_reason", "usage"],
};

const streamEventSchema: JsonSchema = {
  type: "object",
  description:
    "One event (`event: <type>`): message_start, content_block_start, content_block_delta (text_delta / input_json_delta), content_block_stop, message_delta, message_stop, ping, or error when the provider broke after the start (then no message_stop follows).",
  properties: { type: { type: "string" } },
  required: ["type"],
};

const anthropicErrorSchema: JsonSchema = {
  type: "object",
  properties: {
    type: { const: "error" },
    error: {
      type: "object",
      properties: {
        type: {
          enum: [
            "invalid_request_error",
            "authentication_error",
            "billing_error",
            "permission_error",
            "not_found_error",
            "request_too_large",
            "rate_limit_error",
            "api_error",
            "overloaded_error",
            "timeout_error",
          ],
        },
        message: { type: "string" },
      },
      required: ["type", "message"],
    },
  },
  required: ["type", "error"],
};

const anthropicErrors = (statuses: string[]): Record<string, OpenApiResponse> =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: `Error in Anthropic's shape (status ${status}).`,
        "x-description-ru": `Ошибка в формате Anthropic (статус ${status}).`,
        headers: { "x-request-id": headerRef("x-request-id"), ...(status === "429" || status === "503" ? { "retry-after": headerRef("retry-after") } : {}) },
        content: json(ref("AnthropicError")),
      },
    ]),
  );

/** Both keys work: Anthropic's clients send x-api-key, Claude Code with ANTHROPIC_AUTH_TOKEN sends Bearer. */
const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { anthropicApiKey: [] }];

const createMessage: OpenApiOperation = {
  operationId: "createMessage",
  tags: ["Messages"],
  summary: "Create a message (Anthropic Messages API)",
  "x-summary-ru": "Сообщение (Anthropic Messages API)",
  description:
    "Anthropic's Messages API over the same routing, fallbacks, billing and records as chat completions: the Anthropic SDK (`baseURL: <host>/api`) and Claude Code (`ANTHROPIC_BASE_URL`) work unchanged. `anthropic-version` is accepted and not required. Unsupported fields are listed in `x-xrouter-dropped-params`.",
  "x-description-ru":
    "Messages API Anthropic поверх той же маршрутизации, fallback, биллинга и журнала, что и chat completions: Anthropic SDK (`baseURL: <хост>/api`) и Claude Code (`ANTHROPIC_BASE_URL`) работают без изменений. Неподдерживаемые поля перечисляются в `x-xrouter-dropped-params`.",
  security,
  requestBody: {
    required: true,
    content: json(ref("MessagesRequest"), { model: "gigachat/GigaChat-2-Max", max_tokens: 1024, messages: [{ role: "user", content: "Привет!" }] }),
  },
  responses: {
    "200": {
      description: "The message (JSON), or Anthropic's event stream when `stream` is true.",
      "x-description-ru": "Сообщение (JSON) или поток событий Anthropic при `stream: true`.",
      headers: { ...modelHeaders, "x-xrouter-dropped-params": headerRef("x-xrouter-dropped-params"), ...rateHeaders },
      content: { "application/json": { schema: ref("Message") }, "text/event-stream": { schema: ref("MessageStreamEvent") } },
    },
    ...anthropicErrors(["400", "401", "402", "403", "404", "413", "429", "500", "502", "503", "504"]),
  },
};

const countTokens: OpenApiOperation = {
  operationId: "countMessageTokens",
  tags: ["Messages"],
  summary: "Count a message's input tokens",
  "x-summary-ru": "Подсчёт входных токенов сообщения",
  description:
    "`{input_tokens}` for a Messages body (max_tokens optional): the provider's own counter where it has one (GigaChat, YandexGPT: `x-xrouter-token-count: provider`, `x-xrouter-provider`), else XRouter's estimate (`estimate`); not billed.",
  "x-description-ru": "`{input_tokens}` для тела Messages (max_tokens не нужен): счётчик провайдера, где он есть (GigaChat, YandexGPT: `x-xrouter-token-count: provider`, `x-xrouter-provider`), иначе оценка XRouter (`estimate`); бесплатно.",
  security,
  requestBody: { required: true, content: json(ref("CountTokensRequest")) },
  responses: {
    "200": {
      description: "The count.",
      "x-description-ru": "Количество токенов.",
      headers: {
        "x-request-id": headerRef("x-request-id"),
        "x-xrouter-model": headerRef("x-xrouter-model"),
        "x-xrouter-token-count": header("`provider` (the provider's counter) or `estimate` (XRouter's).", "`provider` (счётчик провайдера) или `estimate` (оценка XRouter)."),
        "x-xrouter-provider": headerRef("x-xrouter-provider"),
      },
      content: json({
        type: "object",
        properties: { input_tokens: { type: "integer", description: "Input tokens the body would use." } },
        required: ["input_tokens"],
      }),
    },
    ...anthropicErrors(["400", "401", "403", "404", "413", "503"]),
  },
};

export const messagesTag = { name: "Messages", description: "Anthropic's Messages API" };

export const messagesPaths = {
  "/messages": { post: createMessage },
  "/messages/count_tokens": { post: countTokens },
};

export const messagesSchemas: Record<string, JsonSchema> = {
  MessagesRequest: fromZod(messagesRequestSchema, fieldDocs),
  CountTokensRequest: fromZod(countTokensRequestSchema, fieldDocs),
  Message: messageSchema,
  MessagesUsage: usageSchema,
  MessageStreamEvent: streamEventSchema,
  AnthropicError: anthropicErrorSchema,
};

export const anthropicApiKeyScheme = {
  type: "apiKey",
  in: "header",
  name: "x-api-key",
  description: "An XRouter API key as Anthropic's clients send it (Messages API only).",
  "x-description-ru": "Ключ API XRouter так, как его передают клиенты Anthropic (только Messages API).",
};
