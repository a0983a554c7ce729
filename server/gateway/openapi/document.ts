import { chatEndpoint } from "../chat";
import { embeddingsEndpoint } from "../embeddings";
import type { OpenApiDocument } from "./types";
import { anthropicApiKeyScheme, messagesPaths, messagesSchemas, messagesTag } from "./messages";
import { ref, fromZod, json } from "./schema-helpers";
import { chatFieldDocs, embeddingsFieldDocs } from "./request-bodies";
import {
  usageSchema,
  toolCallSchema,
  chatCompletionSchema,
  chatChunkSchema,
  embeddingsListSchema,
  modelSchema,
  generationSchema,
  keyInfoSchema,
  creditsSchema,
  errorSchema,
} from "./response-schemas";
import { headerRef, headers, rateHeaders, modelHeaders } from "./headers";
import { errorResponses, errorRef, commonErrors, callErrors } from "./error-responses";
import { responsesPaths, responsesSchemas, responsesTag } from "./responses";
import { batchesPaths, batchesTag } from "./batches";
import { cacheHeaderDefinitions, cacheParameters, cachePaths, cacheResponseHeaders } from "./cache";
import { describeFields } from "./field-docs";

/**
 * The OpenAPI 3.1 document of the public API, served at GET /api/v1/openapi.json; the portal's API
 * reference (/docs/api) is rendered from it. Request bodies are generated from the very zod schemas the
 * gateway validates with, so the reference cannot drift from validation. Descriptions are English;
 * `x-description-ru` / `x-summary-ru` carry the Russian text the portal shows by default.
 */

function build(): OpenApiDocument {
  return describeFields({
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
      messagesTag,
      responsesTag,
      batchesTag,
    ],
    paths: {
      ...messagesPaths,
      ...responsesPaths,
      ...batchesPaths,
      ...cachePaths,
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
          parameters: cacheParameters,
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
                ...cacheResponseHeaders,
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
          parameters: cacheParameters,
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
              headers: { ...modelHeaders, "x-xrouter-dropped-params": headerRef("x-xrouter-dropped-params"), ...rateHeaders, ...cacheResponseHeaders },
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
          parameters: [
            {
              name: "supported_parameters",
              in: "query",
              required: false,
              description: "OpenRouter's filter: comma-separated parameters (e.g. `tools,response_format`); only models that support all of them.",
              "x-description-ru": "Фильтр OpenRouter: параметры через запятую (например, `tools,response_format`); только модели, поддерживающие их все.",
              schema: { type: "string" },
            },
          ],
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
      "/models/{id}": {
        get: {
          operationId: "retrieveModel",
          tags: ["Models"],
          summary: "Get a model",
          "x-summary-ru": "Одна модель",
          description:
            "One model of GET /models by its id. The id's slash may be sent as it is (`/models/gigachat/GigaChat-2-Max`) or percent-encoded (`/models/gigachat%2FGigaChat-2-Max`). Public.",
          "x-description-ru":
            "Одна модель из GET /models по id. Косую черту в id можно передать как есть (`/models/gigachat/GigaChat-2-Max`) или закодированной (`/models/gigachat%2FGigaChat-2-Max`). Публичный.",
          security: [],
          parameters: [
            {
              name: "id",
              in: "path",
              required: true,
              description: "`<provider>/<model>`.",
              "x-description-ru": "`<провайдер>/<модель>`.",
              schema: { type: "string" },
            },
          ],
          responses: {
            "200": {
              description: "The model.",
              "x-description-ru": "Модель.",
              headers: { "x-request-id": headerRef("x-request-id") },
              content: json(ref("Model")),
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
            "The calling key's spend limit, what is left of it, its usage in RUB today, this week and this month, and its rate limit; also in OpenRouter's field names (`limit`, `limit_remaining`, `usage`, `usage_daily`…, in RUB).",
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
        anthropicApiKey: anthropicApiKeyScheme,
      },
      schemas: {
        ...messagesSchemas,
        ...responsesSchemas,
        ChatCompletionRequest: fromZod(chatEndpoint.schema, chatFieldDocs),
        EmbeddingsRequest: fromZod(embeddingsEndpoint.schema, embeddingsFieldDocs),
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
      headers: { ...headers, ...cacheHeaderDefinitions },
      responses: errorResponses(),
    },
  });
}

let cached: OpenApiDocument | undefined;

/** The document, built once per process. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
