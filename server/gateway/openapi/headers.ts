import type { JsonSchema, OpenApiHeader } from "./types";

export const header = (en: string, ru: string, schema: JsonSchema = { type: "string" }): OpenApiHeader => ({
  description: en,
  "x-description-ru": ru,
  schema,
});
export const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

export const headers: Record<string, OpenApiHeader> = {
  "x-request-id": header(
    "Id of this request (`req_…`); quote it in support requests.",
    "Id запроса (`req_…`); указывайте его в обращениях.",
  ),
  "x-xrouter-provider": header("The provider that served the request.", "Провайдер, обслуживший запрос."),
  "x-xrouter-model": header("The model id that served the request.", "Модель, обслужившая запрос."),
  "x-xrouter-dropped-params": header(
    "Comma-separated request parameters that were left out: fields XRouter does not know or honour (percent-encoded when not header-safe; at most 32), then those the provider cannot honour.",
    "Параметры запроса через запятую, которые были отброшены: поля, которые XRouter не знает или не поддерживает (в процентной кодировке, если небезопасны для заголовка; не больше 32), затем те, что не поддерживает провайдер.",
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

export const rateHeaders = {
  "x-ratelimit-limit-requests": headerRef("x-ratelimit-limit-requests"),
  "x-ratelimit-remaining-requests": headerRef("x-ratelimit-remaining-requests"),
  "x-ratelimit-reset-requests": headerRef("x-ratelimit-reset-requests"),
};
export const modelHeaders = {
  "x-request-id": headerRef("x-request-id"),
  "x-xrouter-provider": headerRef("x-xrouter-provider"),
  "x-xrouter-model": headerRef("x-xrouter-model"),
};
