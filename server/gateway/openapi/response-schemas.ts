import { ERROR_CODES } from "../../core/error-codes";
import type { JsonSchema } from "./types";
import { ref, d } from "./schema-helpers";

export const usageSchema: JsonSchema = {
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
    cost: {
      type: "number",
      ...d("OpenRouter's field: the same cost as `cost_rub`, in RUB.", "Поле OpenRouter: та же стоимость, что `cost_rub`, в рублях."),
    },
  },
  required: ["prompt_tokens", "completion_tokens", "total_tokens", "cost", "cost_rub"],
};

export const toolCallSchema: JsonSchema = {
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

export const finishReason: JsonSchema = {
  type: "string",
  enum: ["stop", "length", "tool_calls", "content_filter", "error"],
  ...d(
    "Why generation stopped; `error` ends a stream that broke.",
    "Почему генерация остановилась; `error` завершает оборвавшийся поток.",
  ),
};

export const chatCompletionSchema: JsonSchema = {
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

export const chatChunkSchema: JsonSchema = {
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

export const embeddingsListSchema: JsonSchema = {
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
        cost: { type: "number", ...d("OpenRouter's field: the same as `cost_rub`.", "Поле OpenRouter: то же, что `cost_rub`.") },
      },
      required: ["prompt_tokens", "total_tokens", "cost_rub"],
    },
  },
  required: ["object", "data", "model", "usage"],
};

export const modelSchema: JsonSchema = {
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
    architecture: {
      type: "object",
      ...d(
        "OpenRouter's shape: `input_modalities` has `image` for models with vision.",
        "Как у OpenRouter: в `input_modalities` есть `image` у моделей со зрением.",
      ),
      properties: {
        modality: { type: "string", examples: ["text+image->text"] },
        input_modalities: { type: "array", items: { type: "string", enum: ["text", "image"] } },
        output_modalities: { type: "array", items: { type: "string", enum: ["text", "embeddings"] } },
      },
      required: ["modality", "input_modalities", "output_modalities"],
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
        vision: {
          type: "boolean",
          ...d("Takes images (`image_url` parts in user messages).", "Принимает изображения (части `image_url` в сообщениях пользователя)."),
        },
      },
      required: ["tools", "json", "streaming", "embeddings", "vision"],
    },
    supported_parameters: {
      type: "array",
      items: { type: "string" },
      ...d(
        "OpenRouter's list of request parameters this model honours (`tools`, `response_format`, `reasoning`, `stop`…).",
        "Список OpenRouter: параметры запроса, которые модель поддерживает (`tools`, `response_format`, `reasoning`, `stop`…).",
      ),
    },
  },
  required: ["id", "object", "created", "owned_by", "name", "type", "context_length", "pricing", "architecture", "features", "supported_parameters"],
};

export const generationSchema: JsonSchema = {
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
        cache: {
          type: ["string", "null"],
          enum: ["hit", "semantic-hit", "miss", "bypass", "refresh", null],
          ...d("What the response cache did; null when the request was not cacheable.", "Что сделал кэш ответов; null, если запрос не кэшируется."),
        },
        saved_rub: {
          type: "number",
          ...d("On a cache hit: the full price of the answer less what was charged, in RUB.", "При попадании в кэш: полная цена ответа минус списанное, в рублях."),
        },
        app_title: {
          type: ["string", "null"],
          ...d("The app the request came from (its `X-Title` header).", "Приложение, от которого пришёл запрос (заголовок `X-Title`)."),
        },
        app_url: {
          type: ["string", "null"],
          ...d("The app's URL (its `HTTP-Referer` header).", "Адрес приложения (заголовок `HTTP-Referer`)."),
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

export const keyInfoSchema: JsonSchema = {
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
        label: { type: "string", ...d("OpenRouter's field: the key's name (or its prefix).", "Поле OpenRouter: имя ключа (или его префикс).") },
        limit: { type: ["number", "null"], ...d("OpenRouter's field: `limit_rub`.", "Поле OpenRouter: `limit_rub`.") },
        limit_remaining: {
          type: ["number", "null"],
          ...d("OpenRouter's field: `limit_remaining_rub`.", "Поле OpenRouter: `limit_remaining_rub`."),
        },
        limit_reset: {
          type: ["string", "null"],
          enum: ["daily", "weekly", "monthly", null],
          ...d("OpenRouter's field: when the limit resets (null: never, or no limit).", "Поле OpenRouter: когда лимит сбрасывается (null — никогда или лимита нет)."),
        },
        usage: { type: "number", ...d("OpenRouter's field: `usage_rub.total`.", "Поле OpenRouter: `usage_rub.total`.") },
        usage_daily: { type: "number", ...d("OpenRouter's field: `usage_rub.today`.", "Поле OpenRouter: `usage_rub.today`.") },
        usage_weekly: { type: "number", ...d("OpenRouter's field: `usage_rub.week`.", "Поле OpenRouter: `usage_rub.week`.") },
        usage_monthly: { type: "number", ...d("OpenRouter's field: `usage_rub.month`.", "Поле OpenRouter: `usage_rub.month`.") },
        is_free_tier: { type: "boolean", const: false },
        is_provisioning_key: { type: "boolean", const: false },
        is_management_key: { type: "boolean", const: false },
        include_byok_in_limit: { type: "boolean", const: false },
        creator_user_id: { type: "string" },
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

export const creditsSchema: JsonSchema = {
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

export const errorSchema: JsonSchema = {
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
