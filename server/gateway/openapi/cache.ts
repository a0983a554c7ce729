import { MAX_CACHE_TTL_SECONDS, MIN_CACHE_TTL_SECONDS } from "../cache/directive";
import { errorRef, commonErrors } from "./error-responses";
import { header, headerRef } from "./headers";
import { d, json } from "./schema-helpers";
import type { OpenApiHeader, OpenApiParameter, OpenApiDocument } from "./types";

/** The response cache's request headers, on the cacheable endpoints (chat completions, embeddings). */
export const cacheParameters: OpenApiParameter[] = [
  {
    name: "x-xrouter-cache",
    in: "header",
    required: false,
    ...d(
      "The response cache for this request: `use` (look up and keep, even when the key's cache is off), `bypass` (neither), `refresh` (call the model and keep the new answer). See docs/api/cache.md.",
      "Кэш ответов для этого запроса: `use` (искать и сохранять, даже если кэш ключа выключен), `bypass` (не искать и не сохранять), `refresh` (вызвать модель и сохранить новый ответ).",
    ),
    schema: { type: "string", enum: ["use", "bypass", "refresh"] },
  },
  {
    name: "x-xrouter-cache-ttl",
    in: "header",
    required: false,
    ...d("How long to keep this answer in the cache, in seconds (instead of the key's TTL).", "Сколько секунд хранить этот ответ в кэше (вместо срока ключа)."),
    schema: { type: "integer", minimum: MIN_CACHE_TTL_SECONDS, maximum: MAX_CACHE_TTL_SECONDS },
  },
];

/** Added to the document's response headers. */
export const cacheHeaderDefinitions: Record<string, OpenApiHeader> = {
  "x-xrouter-cache": header(
    "What the response cache did: `hit` (answered from the cache, no model call), `semantic-hit` (answered with the kept answer of a near-duplicate last user message; keys with the semantic cache on), `miss`, `bypass` or `refresh`. Absent when the request was not cacheable.",
    "Что сделал кэш ответов: `hit` (ответ из кэша, без вызова модели), `semantic-hit` (сохранённый ответ на близкое по смыслу последнее сообщение пользователя; у ключей с семантическим кэшем), `miss`, `bypass` или `refresh`. Нет заголовка, если запрос не кэшируется.",
    { type: "string", enum: ["hit", "semantic-hit", "miss", "bypass", "refresh"] },
  ),
  age: header("On a hit: seconds since the cached answer was made.", "При попадании: сколько секунд назад был получен сохранённый ответ.", { type: "integer" }),
};

export const cacheResponseHeaders = { "x-xrouter-cache": headerRef("x-xrouter-cache"), age: headerRef("age") };

export const cachePaths: OpenApiDocument["paths"] = {
  "/cache": {
    delete: {
      operationId: "purgeCache",
      tags: ["Chat"],
      summary: "Purge cached answers",
      "x-summary-ru": "Очистить кэш ответов",
      description:
        "Forgets your cached answers at once: a key that does not share its cache purges its own; any other key purges all of its user's (those of the user's non-sharing keys too).",
      "x-description-ru":
        "Сразу забывает ваши сохранённые ответы: ключ с собственным кэшем очищает только свой, любой другой — все ответы пользователя (и его ключей с собственным кэшем).",
      responses: {
        "200": {
          ...d("Purged.", "Очищено."),
          headers: { "x-request-id": headerRef("x-request-id") },
          content: json({
            type: "object",
            properties: {
              purged: { type: "boolean", const: true, description: "Always true." },
              scope: { type: "string", enum: ["user", "key"], ...d("Whose answers were purged.", "Чьи ответы очищены.") },
            },
            required: ["purged", "scope"],
          }),
        },
        "401": errorRef("Unauthorized"),
        ...commonErrors,
      },
    },
  },
};
