import { ERROR_CODES } from "../../core/error-codes";
import type { OpenApiHeader, OpenApiResponse } from "./types";
import { ref } from "./schema-helpers";
import { headerRef, rateHeaders } from "./headers";

/** Reusable error responses, one per status, listing the codes that come with it. */
export function errorResponses(): Record<string, OpenApiResponse> {
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

export const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
export const commonErrors = {
  "404": errorRef("NotFound"),
  "405": errorRef("MethodNotAllowed"),
  "500": errorRef("InternalError"),
};
export const callErrors = {
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
