import { z } from "zod";
import { chatRequestSchema, embeddingsRequestSchema } from "../providers/openai";

/**
 * The OpenAPI 3.1 document of the public API, served at GET /api/v1/openapi.json; the portal's API
 * reference (/docs/api) is rendered from it. Request bodies are generated from the very zod schemas the
 * gateway validates with, so the reference cannot drift from validation. Descriptions are English;
 * `x-description-ru` / `x-summary-ru` carry the Russian text the portal shows by default.
 */

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it), loosely typed. */
export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: "query" | "header" | "path";
  required?: boolean;
  description?: string;
  "x-description-ru"?: string;
  schema: JsonSchema;
}

export interface OpenApiMediaType {
  schema: JsonSchema;
  example?: unknown;
}

export interface OpenApiHeader {
  description: string;
  "x-description-ru"?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  "x-description-ru"?: string;
  headers?: Record<string, OpenApiHeader | { $ref: string }>;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  "x-summary-ru": string;
  description: string;
  "x-description-ru": string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

export type HttpMethod = "get" | "post";

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string; "x-description-ru": string };
  servers: { url: string; description: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
    headers: Record<string, OpenApiHeader>;
    responses: Record<string, OpenApiResponse>;
  };
}

/** One error the API can answer with (`error.code`), for the reference and the errors page. */
export interface ErrorCodeInfo {
  code: string;
  status: number;
  type: string;
  /** Where it comes from, in a few words (English). */
  description: string;
}

/**
 * Every `error.code` the gateway produces (server/gateway/*.ts, server/providers/*): keep in step with the
 * code. Upstream errors keep the upstream's own OpenAI-style code when it has one (`upstream_<status>` otherwise).
 */
export const ERROR_CODES: readonly ErrorCodeInfo[] = [
  {
    code: "invalid_json",
    status: 400,
    type: "invalid_request_error",
    description: "The body is empty or not valid JSON.",
  },
  {
    code: "invalid_request",
    status: 400,
    type: "invalid_request_error",
    description: "A field is missing or has the wrong type or value; `param` names it.",
  },
  {
    code: "unsupported_parameter",
    status: 400,
    type: "invalid_request_error",
    description: "The model does not support `tools` or this `response_format`.",
  },
  {
    code: "context_length_exceeded",
    status: 400,
    type: "invalid_request_error",
    description: "The provider refused the prompt: it does not fit the model's context window.",
  },
  {
    code: "missing_api_key",
    status: 401,
    type: "authentication_error",
    description: "No `Authorization: Bearer` header.",
  },
  {
    code: "invalid_api_key",
    status: 401,
    type: "authentication_error",
    description: "The key is malformed, unknown, revoked, disabled or expired, or its account is disabled.",
  },
  {
    code: "insufficient_quota",
    status: 402,
    type: "insufficient_quota",
    description: "The balance or the key's spend limit is exhausted (comes with billing).",
  },
  {
    code: "model_not_allowed",
    status: 403,
    type: "permission_error",
    description: "The key's model allowlist excludes this model.",
  },
  {
    code: "model_not_found",
    status: 404,
    type: "invalid_request_error",
    description: "No such model of this kind (chat or embedding) in the catalog.",
  },
  {
    code: "generation_not_found",
    status: 404,
    type: "not_found_error",
    description: "No finished request of yours has this id.",
  },
  { code: "route_not_found", status: 404, type: "not_found_error", description: "No such path under /api/v1." },
  {
    code: "method_not_allowed",
    status: 405,
    type: "invalid_request_error",
    description: "The path exists but not with this method; `Allow` lists the methods.",
  },
  {
    code: "json_too_deep",
    status: 400,
    type: "invalid_request_error",
    description: "The body nests objects and arrays deeper than 64 levels; `param` names where.",
  },
  {
    code: "request_timeout",
    status: 408,
    type: "invalid_request_error",
    description: "The body did not arrive within 30 s (XROUTER_BODY_TIMEOUT_MS).",
  },
  {
    code: "request_too_large",
    status: 413,
    type: "invalid_request_error",
    description: "The body is larger than 4 MB.",
  },
  {
    code: "rate_limit_exceeded",
    status: 429,
    type: "rate_limit_error",
    description: "The key's requests-per-minute limit, or the provider's own limit, was reached; see `Retry-After`.",
  },
  { code: "internal_error", status: 500, type: "server_error", description: "An unexpected error in XRouter." },
  {
    code: "upstream_error",
    status: 502,
    type: "upstream_error",
    description: "The provider failed, answered something unreadable, or broke a stream.",
  },
  {
    code: "key_not_found",
    status: 404,
    type: "not_found_error",
    description: "GET /key: the calling key no longer exists.",
  },
  {
    code: "account_not_found",
    status: 404,
    type: "not_found_error",
    description: "GET /credits: the calling account no longer exists.",
  },
  {
    code: "invalid_access_token",
    status: 401,
    type: "authentication_error",
    description: "An OAuth access token that is malformed, expired, tampered with or of a revoked grant.",
  },
  {
    code: "insufficient_scope",
    status: 403,
    type: "permission_error",
    description: "The OAuth access token lacks the scope this call needs (`chat`).",
  },
  {
    code: "ip_not_allowed",
    status: 403,
    type: "permission_error",
    description: "The key's IP allowlist does not include the caller's address.",
  },
  {
    code: "ip_denied",
    status: 403,
    type: "permission_error",
    description: "The server's IP allow or deny list refuses the caller's address (checked before the key).",
  },
  {
    code: "too_many_auth_failures",
    status: 429,
    type: "rate_limit_error",
    description:
      "Too many requests from your IP address failed authentication (401); every request from it is refused until `Retry-After`.",
  },
  {
    code: "routes_busy",
    status: 429,
    type: "rate_limit_error",
    description: "Every provider account that serves the model is at its concurrency limit.",
  },
  {
    code: "no_route",
    status: 503,
    type: "upstream_error",
    description: "Rules or provider preferences leave no provider account that may serve the model.",
  },
  {
    code: "no_healthy_route",
    status: 503,
    type: "upstream_error",
    description: "Every route for the model is failing (breakers open).",
  },
  {
    code: "upstream_auth_failed",
    status: 502,
    type: "upstream_error",
    description: "The provider rejected XRouter's own credentials (a server misconfiguration, not your key).",
  },
  {
    code: "upstream_502",
    status: 502,
    type: "upstream_error",
    description: "The provider could not be reached (`upstream_<status>` carries the provider's status).",
  },
  {
    code: "provider_not_configured",
    status: 503,
    type: "upstream_error",
    description: "The model's provider is not configured on this server.",
  },
  { code: "upstream_504", status: 504, type: "upstream_error", description: "The provider did not answer in time." },
  {
    code: "upstream_stream_stalled",
    status: 504,
    type: "upstream_error",
    description:
      "A started stream got nothing from the provider for 30 s (XROUTER_STREAM_IDLE_TIMEOUT_MS); ends the stream as an error event.",
  },
  {
    code: "store_unavailable",
    status: 503,
    type: "server_error",
    description: "XRouter's rate-limit and balance store (Redis) is unreachable; retry after `Retry-After`.",
  },
  {
    code: "database_unavailable",
    status: 503,
    type: "server_error",
    description: "XRouter's database is unreachable; retry after `Retry-After`.",
  },
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const d = (en: string, ru: string) => ({ description: en, "x-description-ru": ru });

/** A zod request schema as a component: JSON Schema 2020-12 of what the gateway accepts (its input side). */
function fromZod(schema: z.ZodType, fields: Record<string, [en: string, ru: string]>): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, [en, ru]] of Object.entries(fields)) {
    if (properties[name]) Object.assign(properties[name], d(en, ru));
  }
  return json;
}

const chatFieldDocs: Record<string, [string, string]> = {
  model: ["Model id `<provider>/<model>` from GET /models.", "Id модели `<провайдер>/<модель>` из GET /models."],
  messages: [
    "The conversation: system, developer, user, assistant and tool messages; content is a string or text parts.",
    "Диалог: сообщения system, developer, user, assistant и tool; content — строка или массив текстовых частей.",
  ],
  temperature: [
    "Sampling temperature, 0–2 (scaled to the provider's range).",
    "Температура выборки, 0–2 (переводится в диапазон провайдера).",
  ],
  top_p: ["Nucleus sampling, 0–1.", "Nucleus sampling, 0–1."],
  max_tokens: ["Upper bound on generated tokens.", "Максимум генерируемых токенов."],
  max_completion_tokens: ["Same as `max_tokens` (the newer name).", "То же, что `max_tokens` (новое имя)."],
  stop: [
    "Up to 4 stop sequences; dropped for providers without them.",
    "До 4 стоп-последовательностей; отбрасываются, если провайдер их не умеет.",
  ],
  n: ["Only 1 is supported.", "Поддерживается только 1."],
  stream: [
    "Answer as server-sent events of `chat.completion.chunk`, ending with `data: [DONE]`.",
    "Отвечать потоком SSE из `chat.completion.chunk`, в конце `data: [DONE]`.",
  ],
  stream_options: [
    "`include_usage: true` adds a final chunk with `choices: []` and `usage` (with `cost_rub`).",
    "`include_usage: true` добавляет последний чанк с `choices: []` и `usage` (с `cost_rub`).",
  ],
  tools: ["Functions the model may call.", "Функции, которые модель может вызвать."],
  tool_choice: [
    "`none`, `auto`, `required` or a named function.",
    "`none`, `auto`, `required` или конкретная функция.",
  ],
  parallel_tool_calls: [
    "Allow several tool calls in one turn, where the provider can.",
    "Разрешить несколько вызовов за ход, если провайдер умеет.",
  ],
  response_format: [
    "`text`, `json_object` or `json_schema` (structured output).",
    "`text`, `json_object` или `json_schema` (структурированный ответ).",
  ],
  presence_penalty: ["-2…2.", "-2…2."],
  frequency_penalty: ["-2…2.", "-2…2."],
  seed: ["Best-effort determinism, where the provider supports it.", "Детерминизм, если провайдер поддерживает."],
  reasoning_effort: [
    "Turns on reasoning for models that think (T-Pro 2.0, Qwen3).",
    "Включает рассуждения у думающих моделей (T-Pro 2.0, Qwen3).",
  ],
  user: ["Your end-user id, for your own tracing.", "Id вашего конечного пользователя, для трассировки."],
};

const embeddingsFieldDocs: Record<string, [string, string]> = {
  model: ["Embedding model id from GET /models.", "Id модели эмбеддингов из GET /models."],
  input: ["One text or up to 2048 texts.", "Один текст или до 2048 текстов."],
  encoding_format: [
    "`float` (default) or `base64` (little-endian float32, as the OpenAI SDKs request).",
    "`float` (по умолчанию) или `base64` (float32 little-endian, так просят SDK OpenAI).",
  ],
  user: ["Your end-user id.", "Id вашего конечного пользователя."],
};

/** What the gateway validates embeddings with (server/gateway/embeddings.ts accepts `base64` too). */
const embeddingsInputSchema = embeddingsRequestSchema.extend({
  encoding_format: z.enum(["float", "base64"]).optional(),
});

const usageSchema: JsonSchema = {
  type: "object",
  ...d("Token usage and its cost.", "Расход токенов и его стоимость."),
  properties: {
    prompt_tokens: { type: "integer", ...d("Input tokens.", "Входные токены.") },
    completion_tokens: { type: "integer", ...d("Generated tokens.", "Сгенерированные токены.") },
    total_tokens: { type: "integer", ...d("Sum of the two.", "Сумма двух.") },
    prompt_tokens_details: {
      type: "object",
      properties: {
        cached_tokens: {
          type: "integer",
          ...d("Input tokens served from the provider's cache.", "Входные токены из кэша провайдера."),
        },
      },
    },
    completion_tokens_details: {
      type: "object",
      properties: { reasoning_tokens: { type: "integer", ...d("Tokens spent on reasoning.", "Токены рассуждений.") } },
    },
    cost_rub: {
      type: "number",
      ...d(
        "XRouter extension: the cost of this request in RUB, VAT included.",
        "Расширение XRouter: стоимость запроса в рублях с НДС.",
      ),
    },
  },
  required: ["prompt_tokens", "completion_tokens", "total_tokens", "cost_rub"],
};

const toolCallSchema: JsonSchema = {
  type: "object",
  properties: {
    id: {
      type: "string",
      ...d("`call_…`; send it back as `tool_call_id`.", "`call_…`; верните его как `tool_call_id`."),
    },
    type: { type: "string", const: "function" },
    function: {
      type: "object",
      properties: {
        name: { type: "string" },
        arguments: { type: "string", ...d("The arguments as a JSON string.", "Аргументы строкой JSON.") },
      },
      required: ["name", "arguments"],
    },
  },
  required: ["id", "type", "function"],
};

const finishReason: JsonSchema = {
  type: "string",
  enum: ["stop", "length", "tool_calls", "content_filter", "error"],
  ...d(
    "Why generation stopped; `error` ends a stream that broke.",
    "Почему генерация остановилась; `error` завершает оборвавшийся поток.",
  ),
};

const chatCompletionSchema: JsonSchema = {
  type: "object",
  ...d("A chat completion (`stream` off).", "Ответ чата (без `stream`)."),
  properties: {
    id: {
      type: "string",
      ...d("`chatcmpl-…`; also the id for GET /generation.", "`chatcmpl-…`; годится и для GET /generation."),
    },
    object: { type: "string", const: "chat.completion" },
    created: { type: "integer", ...d("Unix time in seconds.", "Время Unix в секундах.") },
    model: { type: "string", ...d("The model id you asked for.", "Id запрошенной модели.") },
    choices: {
      type: "array",
      items: {
        type: "object",
        properties: {
          index: { type: "integer" },
          message: {
            type: "object",
            properties: {
              role: { type: "string", const: "assistant" },
              content: {
                type: ["string", "null"],
                ...d(
                  "The reply text; null when the model only calls tools.",
                  "Текст ответа; null, если модель только вызывает инструменты.",
                ),
              },
              tool_calls: { type: "array", items: ref("ToolCall") },
              reasoning_content: {
                type: "string",
                ...d("Reasoning text, for models that return it.", "Текст рассуждений, если модель его отдаёт."),
              },
            },
            required: ["role", "content"],
          },
          finish_reason: finishReason,
          logprobs: { type: "null" },
        },
        required: ["index", "message", "finish_reason"],
      },
    },
    usage: ref("Usage"),
  },
  required: ["id", "object", "created", "model", "choices", "usage"],
};

const chatChunkSchema: JsonSchema = {
  type: "object",
  ...d(
    "One server-sent event of a stream: `data: {chunk}`; the stream ends with `data: [DONE]`. With `stream_options.include_usage` the last chunk has `choices: []` and `usage`. A stream that breaks after it started ends with a chunk whose `finish_reason` is `error`, then an event carrying an `error` object.",
    "Одно событие SSE: `data: {чанк}`; поток заканчивается `data: [DONE]`. С `stream_options.include_usage` последний чанк содержит `choices: []` и `usage`. Если поток оборвался после начала, приходит чанк с `finish_reason: error`, затем событие с объектом `error`.",
  ),
  properties: {
    id: { type: "string" },
    object: { type: "string", const: "chat.completion.chunk" },
    created: { type: "integer" },
    model: { type: "string" },
    choices: {
      type: "array",
      items: {
        type: "object",
        properties: {
          index: { type: "integer" },
          delta: {
            type: "object",
            properties: {
              role: { type: "string", const: "assistant" },
              content: { type: ["string", "null"], ...d("The next piece of text.", "Следующий кусок текста.") },
              reasoning_content: { type: "string" },
              tool_calls: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    index: { type: "integer" },
                    id: { type: "string" },
                    type: { type: "string", const: "function" },
                    function: {
                      type: "object",
                      properties: { name: { type: "string" }, arguments: { type: "string" } },
                    },
                  },
                  required: ["index", "function"],
                },
              },
            },
          },
          finish_reason: { ...finishReason, type: ["string", "null"] },
        },
        required: ["index", "delta", "finish_reason"],
      },
    },
    usage: { anyOf: [ref("Usage"), { type: "null" }] },
  },
  required: ["id", "object", "created", "model", "choices"],
};

const embeddingsListSchema: JsonSchema = {
  type: "object",
  properties: {
    object: { type: "string", const: "list" },
    data: {
      type: "array",
      items: {
        type: "object",
        properties: {
          object: { type: "string", const: "embedding" },
          index: { type: "integer", ...d("Position of the input text.", "Номер входного текста.") },
          embedding: {
            anyOf: [{ type: "array", items: { type: "number" } }, { type: "string" }],
            ...d(
              "The vector (a base64 string with `encoding_format: base64`).",
              "Вектор (строка base64 при `encoding_format: base64`).",
            ),
          },
        },
        required: ["object", "index", "embedding"],
      },
    },
    model: { type: "string" },
    usage: {
      type: "object",
      properties: {
        prompt_tokens: { type: "integer" },
        total_tokens: { type: "integer" },
        cost_rub: { type: "number", ...d("Cost in RUB, VAT included.", "Стоимость в рублях с НДС.") },
      },
      required: ["prompt_tokens", "total_tokens", "cost_rub"],
    },
  },
  required: ["object", "data", "model", "usage"],
};

const modelSchema: JsonSchema = {
  type: "object",
  properties: {
    id: {
      type: "string",
      ...d(
        "`<provider>/<model>`, e.g. `gigachat/GigaChat-2-Max`.",
        "`<провайдер>/<модель>`, например `gigachat/GigaChat-2-Max`.",
      ),
    },
    object: { type: "string", const: "model" },
    created: { type: "integer" },
    owned_by: {
      type: "string",
      ...d("The provider: gigachat, yandex, mts or tbank.", "Провайдер: gigachat, yandex, mts или tbank."),
    },
    name: { type: "string", ...d("Display name.", "Название.") },
    type: { type: "string", enum: ["chat", "embedding"] },
    context_length: { type: "integer", ...d("Context window in tokens.", "Контекстное окно в токенах.") },
    pricing: {
      type: "object",
      ...d("Prices in RUB per 1M tokens, VAT included.", "Цены в рублях за 1 млн токенов с НДС."),
      properties: {
        currency: { type: "string", const: "RUB" },
        unit: { type: "string", const: "1M tokens" },
        input: { type: "number", ...d("Per 1M input tokens.", "За 1 млн входных токенов.") },
        output: { type: "number", ...d("Per 1M generated tokens.", "За 1 млн сгенерированных токенов.") },
        cached_input: { type: "number", ...d("Per 1M cached input tokens.", "За 1 млн кэшированных входных токенов.") },
        vat_included: { type: "boolean", const: true },
        status: {
          type: "string",
          enum: ["confirmed", "estimate"],
          ...d(
            "`estimate` until the provider's tariff is confirmed.",
            "`estimate`, пока тариф провайдера не подтверждён.",
          ),
        },
      },
      required: ["currency", "unit", "input", "output", "cached_input", "vat_included", "status"],
    },
    features: {
      type: "object",
      properties: {
        tools: { type: "boolean" },
        json: {
          type: "boolean",
          ...d("`response_format` json_object / json_schema.", "`response_format` json_object / json_schema."),
        },
        streaming: { type: "boolean" },
        embeddings: { type: "boolean" },
      },
      required: ["tools", "json", "streaming", "embeddings"],
    },
  },
  required: ["id", "object", "created", "owned_by", "name", "type", "context_length", "pricing", "features"],
};

const generationSchema: JsonSchema = {
  type: "object",
  properties: {
    data: {
      type: "object",
      properties: {
        id: { type: "string", ...d("The request id `req_…`.", "Id запроса `req_…`.") },
        model: { type: "string" },
        provider: { type: ["string", "null"] },
        upstream_model: {
          type: ["string", "null"],
          ...d("The provider's own model name.", "Имя модели у провайдера."),
        },
        stream: { type: "boolean" },
        status: {
          type: "integer",
          ...d("HTTP status (499: the client went away).", "HTTP-статус (499 — клиент отключился)."),
        },
        error_code: { type: ["string", "null"] },
        finish_reason: { type: ["string", "null"] },
        tokens_prompt: { type: "integer" },
        tokens_completion: { type: "integer" },
        tokens_cached: { type: "integer" },
        cost_rub: { type: "number", ...d("Charged cost in RUB, VAT included.", "Списанная стоимость в рублях с НДС.") },
        latency_ms: { type: "integer" },
        first_token_ms: {
          type: ["integer", "null"],
          ...d("Time to the first token of a stream.", "Время до первого токена потока."),
        },
        created_at: { type: "string", format: "date-time" },
      },
      required: [
        "id",
        "model",
        "provider",
        "upstream_model",
        "stream",
        "status",
        "error_code",
        "finish_reason",
        "tokens_prompt",
        "tokens_completion",
        "tokens_cached",
        "cost_rub",
        "latency_ms",
        "first_token_ms",
        "created_at",
      ],
    },
  },
  required: ["data"],
};

const keyInfoSchema: JsonSchema = {
  type: "object",
  properties: {
    data: {
      type: "object",
      properties: {
        id: { type: "string" },
        name: { type: "string" },
        prefix: { type: "string", ...d("The key's visible prefix.", "Видимый префикс ключа.") },
        limit_rub: {
          type: ["number", "null"],
          ...d("Spend limit in RUB, if any.", "Лимит расходов в рублях, если задан."),
        },
        limit_period: { type: ["string", "null"], ...d("When the limit resets.", "Когда лимит сбрасывается.") },
        limit_remaining_rub: { type: ["number", "null"], ...d("What is left of the limit.", "Остаток лимита.") },
        usage_rub: {
          type: "object",
          properties: {
            today: { type: "number" },
            week: { type: "number" },
            month: { type: "number" },
            total: { type: "number" },
          },
          required: ["today", "week", "month", "total"],
        },
        rate_limit: {
          type: ["object", "null"],
          properties: { requests: { type: "integer" }, interval: { type: "string", const: "1m" } },
        },
        expires_at: { type: ["string", "null"], format: "date-time" },
        currency: { type: "string", const: "RUB" },
      },
      required: [
        "id",
        "name",
        "prefix",
        "limit_rub",
        "limit_period",
        "limit_remaining_rub",
        "usage_rub",
        "rate_limit",
        "expires_at",
        "currency",
      ],
    },
  },
  required: ["data"],
};

const creditsSchema: JsonSchema = {
  type: "object",
  properties: {
    data: {
      type: "object",
      properties: {
        balance_rub: { type: "number", ...d("Current balance in RUB.", "Текущий баланс в рублях.") },
        total_credits_rub: { type: "number", ...d("Everything credited so far.", "Всего зачислено.") },
        total_usage_rub: { type: "number", ...d("Everything charged so far.", "Всего списано.") },
        currency: { type: "string", const: "RUB" },
      },
      required: ["balance_rub", "total_credits_rub", "total_usage_rub", "currency"],
    },
  },
  required: ["data"],
};

const errorSchema: JsonSchema = {
  type: "object",
  ...d("OpenAI's error shape, for every failure.", "Формат ошибок OpenAI — для любой ошибки."),
  properties: {
    error: {
      type: "object",
      properties: {
        message: { type: "string", ...d("What went wrong, for people.", "Что случилось — для людей.") },
        type: {
          type: "string",
          enum: [...new Set(ERROR_CODES.map((e) => e.type))],
        },
        code: {
          type: ["string", "null"],
          examples: ERROR_CODES.map((e) => e.code),
          ...d("Stable machine-readable code.", "Стабильный машинный код."),
        },
        param: {
          type: ["string", "null"],
          ...d(
            "The offending request field, e.g. `messages.0.content`.",
            "Поле запроса с ошибкой, например `messages.0.content`.",
          ),
        },
      },
      required: ["message", "type", "code", "param"],
    },
  },
  required: ["error"],
};

const header = (en: string, ru: string, schema: JsonSchema = { type: "string" }): OpenApiHeader => ({
  description: en,
  "x-description-ru": ru,
  schema,
});
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

const headers: Record<string, OpenApiHeader> = {
  "x-request-id": header(
    "Id of this request (`req_…`); quote it in support requests.",
    "Id запроса (`req_…`); указывайте его в обращениях.",
  ),
  "x-xrouter-provider": header("The provider that served the request.", "Провайдер, обслуживший запрос."),
  "x-xrouter-model": header("The model id that served the request.", "Модель, обслужившая запрос."),
  "x-xrouter-dropped-params": header(
    "Comma-separated request parameters the provider cannot honour and that were left out.",
    "Параметры запроса через запятую, которые провайдер не поддерживает и которые были отброшены.",
  ),
  "x-ratelimit-limit-requests": header(
    "The key's requests-per-minute limit (only for keys with one).",
    "Лимит запросов в минуту для ключа (если задан).",
    { type: "integer" },
  ),
  "x-ratelimit-remaining-requests": header(
    "Requests left in the current minute.",
    "Сколько запросов осталось в текущей минуте.",
    { type: "integer" },
  ),
  "x-ratelimit-reset-requests": header("When the window resets, e.g. `42s`.", "Когда окно сбросится, например `42s`."),
  "retry-after": header("Seconds to wait before retrying.", "Сколько секунд подождать перед повтором.", {
    type: "integer",
  }),
  allow: header("The methods this path accepts.", "Методы, которые принимает этот путь."),
};

const rateHeaders = {
  "x-ratelimit-limit-requests": headerRef("x-ratelimit-limit-requests"),
  "x-ratelimit-remaining-requests": headerRef("x-ratelimit-remaining-requests"),
  "x-ratelimit-reset-requests": headerRef("x-ratelimit-reset-requests"),
};
const modelHeaders = {
  "x-request-id": headerRef("x-request-id"),
  "x-xrouter-provider": headerRef("x-xrouter-provider"),
  "x-xrouter-model": headerRef("x-xrouter-model"),
};

/** Reusable error responses, one per status, listing the codes that come with it. */
function errorResponses(): Record<string, OpenApiResponse> {
  const titles: Record<number, [string, string, string]> = {
    400: ["BadRequest", "Bad request", "Неверный запрос"],
    401: ["Unauthorized", "Missing or invalid API key", "Нет ключа или ключ недействителен"],
    402: ["PaymentRequired", "Insufficient quota", "Недостаточно средств"],
    403: ["Forbidden", "The key may not use this model", "Ключу запрещена эта модель"],
    404: ["NotFound", "Not found", "Не найдено"],
    405: ["MethodNotAllowed", "Method not allowed", "Метод не поддерживается"],
    408: ["RequestTimeout", "The request body did not arrive in time", "Тело запроса не пришло вовремя"],
    413: ["PayloadTooLarge", "Request body too large (over 4 MB)", "Тело запроса больше 4 МБ"],
    429: ["TooManyRequests", "Rate limit reached", "Превышен лимит запросов"],
    500: ["InternalError", "Internal error", "Внутренняя ошибка"],
    502: ["BadGateway", "The provider failed", "Ошибка провайдера"],
    503: [
      "ServiceUnavailable",
      "No provider can serve the model, or a part of XRouter is briefly down",
      "Нет провайдера для модели, или часть XRouter временно недоступна",
    ],
    504: ["GatewayTimeout", "The provider timed out", "Провайдер не ответил вовремя"],
  };
  const out: Record<string, OpenApiResponse> = {};
  for (const [status, [name, en, ru]] of Object.entries(titles)) {
    const codes = ERROR_CODES.filter((e) => e.status === Number(status)).map((e) => `\`${e.code}\``);
    const extra: Record<string, OpenApiHeader | { $ref: string }> =
      status === "429"
        ? { "retry-after": headerRef("retry-after"), ...rateHeaders }
        : status === "503"
          ? { "retry-after": headerRef("retry-after") }
          : status === "405"
            ? { allow: headerRef("allow") }
            : {};
    out[name] = {
      description: `${en}. Codes: ${codes.join(", ")}.`,
      "x-description-ru": `${ru}. Коды: ${codes.join(", ")}.`,
      headers: { "x-request-id": headerRef("x-request-id"), ...extra },
      content: { "application/json": { schema: ref("Error") } },
    };
  }
  return out;
}

const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const commonErrors = {
  "404": errorRef("NotFound"),
  "405": errorRef("MethodNotAllowed"),
  "500": errorRef("InternalError"),
};
const callErrors = {
  "400": errorRef("BadRequest"),
  "401": errorRef("Unauthorized"),
  "402": errorRef("PaymentRequired"),
  "403": errorRef("Forbidden"),
  ...commonErrors,
  "408": errorRef("RequestTimeout"),
  "413": errorRef("PayloadTooLarge"),
  "429": errorRef("TooManyRequests"),
  "502": errorRef("BadGateway"),
  "503": errorRef("ServiceUnavailable"),
  "504": errorRef("GatewayTimeout"),
};

const json = (schema: JsonSchema, example?: unknown): Record<string, OpenApiMediaType> => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});

function build(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: "XRouter API",
      version: "1",
      description:
        "One OpenAI-compatible API in front of Sber GigaChat, YandexGPT, MTS MWS GPT and T-Bank T-Pro / T-Lite. Point any OpenAI SDK at `<host>/api/v1` with an XRouter key (`xr-…`). Prices and costs are in RUB, VAT included.",
      "x-description-ru":
        "Один OpenAI-совместимый API к Sber GigaChat, YandexGPT, MTS MWS GPT и T-Bank T-Pro / T-Lite. Направьте любой OpenAI SDK на `<хост>/api/v1` с ключом XRouter (`xr-…`). Цены и стоимость — в рублях с НДС.",
    },
    servers: [{ url: "/api/v1", description: "This XRouter server (also served as /v1)" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "Chat", description: "Chat completions" },
      { name: "Embeddings", description: "Vector embeddings" },
      { name: "Models", description: "The model catalog" },
      { name: "Generations", description: "Metering of finished requests" },
      { name: "Account", description: "The calling key and balance" },
      { name: "Meta", description: "This document" },
    ],
    paths: {
      "/chat/completions": {
        post: {
          operationId: "createChatCompletion",
          tags: ["Chat"],
          summary: "Create a chat completion",
          "x-summary-ru": "Ответ чат-модели",
          description:
            "OpenAI chat completions, as JSON or as a server-sent event stream (`stream: true`), with tools and `response_format`. Parameters the provider cannot honour are left out and listed in `x-xrouter-dropped-params`.",
          "x-description-ru":
            "Chat completions в формате OpenAI: JSON или поток SSE (`stream: true`), с инструментами и `response_format`. Параметры, которые провайдер не поддерживает, отбрасываются и перечисляются в `x-xrouter-dropped-params`.",
          requestBody: {
            required: true,
            content: json(ref("ChatCompletionRequest"), {
              model: "gigachat/GigaChat-2-Max",
              messages: [{ role: "user", content: "Привет!" }],
            }),
          },
          responses: {
            "200": {
              description: "The completion (JSON), or a stream of chunks (`text/event-stream`) when `stream` is true.",
              "x-description-ru": "Ответ (JSON) или поток чанков (`text/event-stream`) при `stream: true`.",
              headers: {
                ...modelHeaders,
                "x-xrouter-dropped-params": headerRef("x-xrouter-dropped-params"),
                ...rateHeaders,
              },
              content: {
                "application/json": { schema: ref("ChatCompletion") },
                "text/event-stream": { schema: ref("ChatCompletionChunk") },
              },
            },
            ...callErrors,
          },
        },
      },
      "/embeddings": {
        post: {
          operationId: "createEmbeddings",
          tags: ["Embeddings"],
          summary: "Create embeddings",
          "x-summary-ru": "Эмбеддинги",
          description:
            "Vectors for one text or many. Providers that take one text per call are fanned out and folded back into one response with total usage.",
          "x-description-ru":
            "Векторы для одного или нескольких текстов. Если провайдер принимает один текст за вызов, запросы распараллеливаются и собираются в один ответ с общим расходом.",
          requestBody: {
            required: true,
            content: json(ref("EmbeddingsRequest"), {
              model: "gigachat/Embeddings",
              input: ["первый текст", "второй текст"],
            }),
          },
          responses: {
            "200": {
              description: "The vectors, in input order.",
              "x-description-ru": "Векторы в порядке входных текстов.",
              headers: { ...modelHeaders, ...rateHeaders },
              content: json(ref("EmbeddingsList")),
            },
            ...callErrors,
          },
        },
      },
      "/models": {
        get: {
          operationId: "listModels",
          tags: ["Models"],
          summary: "List models",
          "x-summary-ru": "Список моделей",
          description:
            "The models this server serves (those whose provider is configured), with context length, RUB pricing per 1M tokens and features. Public: no key needed.",
          "x-description-ru":
            "Модели, доступные на этом сервере (чей провайдер настроен), с контекстом, ценами в рублях за 1 млн токенов и возможностями. Публичный: ключ не нужен.",
          security: [],
          responses: {
            "200": {
              description: "An OpenAI list of models.",
              "x-description-ru": "Список моделей в формате OpenAI.",
              headers: { "x-request-id": headerRef("x-request-id") },
              content: json(ref("ModelList")),
            },
            ...commonErrors,
          },
        },
      },
      "/generation": {
        get: {
          operationId: "getGeneration",
          tags: ["Generations"],
          summary: "Get a generation",
          "x-summary-ru": "Данные о запросе",
          description:
            "Tokens, cost, latency and status of one of your finished requests, available as soon as its response has ended.",
          "x-description-ru":
            "Токены, стоимость, задержка и статус вашего завершённого запроса — сразу после окончания ответа.",
          parameters: [
            {
              name: "id",
              in: "query",
              required: true,
              description: "The completion id (`chatcmpl-…`) or the request id (`req_…`, the `x-request-id` header).",
              "x-description-ru": "Id ответа (`chatcmpl-…`) или id запроса (`req_…`, заголовок `x-request-id`).",
              schema: { type: "string" },
            },
          ],
          responses: {
            "200": {
              description: "The generation.",
              "x-description-ru": "Данные о запросе.",
              headers: { "x-request-id": headerRef("x-request-id") },
              content: json(ref("Generation")),
            },
            "400": errorRef("BadRequest"),
            "401": errorRef("Unauthorized"),
            ...commonErrors,
          },
        },
      },
      "/key": {
        get: {
          operationId: "getCurrentKey",
          tags: ["Account"],
          summary: "Describe the calling key",
          "x-summary-ru": "Данные о текущем ключе",
          description:
            "The calling key's spend limit, what is left of it, its usage in RUB today, this week and this month, and its rate limit.",
          "x-description-ru":
            "Лимит расходов ключа, его остаток, расход в рублях за сегодня, неделю и месяц и лимит запросов.",
          responses: {
            "200": {
              description: "The key.",
              "x-description-ru": "Данные ключа.",
              headers: { "x-request-id": headerRef("x-request-id") },
              content: json(ref("KeyInfo")),
            },
            "401": errorRef("Unauthorized"),
            ...commonErrors,
          },
        },
      },
      "/credits": {
        get: {
          operationId: "getCredits",
          tags: ["Account"],
          summary: "Get the balance",
          "x-summary-ru": "Баланс",
          description: "The caller's balance, credits and usage in RUB.",
          "x-description-ru": "Баланс, зачисления и расходы в рублях.",
          responses: {
            "200": {
              description: "The balance.",
              "x-description-ru": "Баланс.",
              headers: { "x-request-id": headerRef("x-request-id") },
              content: json(ref("Credits")),
            },
            "401": errorRef("Unauthorized"),
            ...commonErrors,
          },
        },
      },
      "/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          tags: ["Meta"],
          summary: "This OpenAPI document",
          "x-summary-ru": "Этот документ OpenAPI",
          description: "The OpenAPI 3.1 description of this API. Public.",
          "x-description-ru": "Описание этого API в формате OpenAPI 3.1. Публичный.",
          security: [],
          responses: {
            "200": {
              description: "The document.",
              "x-description-ru": "Документ.",
              headers: { "x-request-id": headerRef("x-request-id") },
              content: json({ type: "object" }),
            },
            ...commonErrors,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "xr-…",
          description: "An XRouter API key: `Authorization: Bearer xr-…`.",
          "x-description-ru": "Ключ API XRouter: `Authorization: Bearer xr-…`.",
        },
      },
      schemas: {
        ChatCompletionRequest: fromZod(chatRequestSchema, chatFieldDocs),
        EmbeddingsRequest: fromZod(embeddingsInputSchema, embeddingsFieldDocs),
        ChatCompletion: chatCompletionSchema,
        ChatCompletionChunk: chatChunkSchema,
        ToolCall: toolCallSchema,
        Usage: usageSchema,
        EmbeddingsList: embeddingsListSchema,
        Model: modelSchema,
        ModelList: {
          type: "object",
          properties: { object: { type: "string", const: "list" }, data: { type: "array", items: ref("Model") } },
          required: ["object", "data"],
        },
        Generation: generationSchema,
        KeyInfo: keyInfoSchema,
        Credits: creditsSchema,
        Error: errorSchema,
      },
      headers,
      responses: errorResponses(),
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The document, built once per process. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
