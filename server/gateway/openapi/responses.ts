import { responsesRequestSchema } from "../responses/schema";
import { commonErrors, callErrors, errorRef } from "./error-responses";
import { headerRef, modelHeaders, rateHeaders } from "./headers";
import { chatFieldDocs, routingFieldDocs } from "./request-bodies";
import { d, fromZod, json, ref } from "./schema-helpers";
import type { JsonSchema, OpenApiDocument, OpenApiParameter } from "./types";

/** OpenAI's Responses API as XRouter serves it: POST /responses, GET and DELETE /responses/{id}. */

const responsesFieldDocs: Record<string, [string, string]> = {
  ...routingFieldDocs,
  tool_choice: chatFieldDocs.tool_choice!,
  parallel_tool_calls: chatFieldDocs.parallel_tool_calls!,
  temperature: chatFieldDocs.temperature!,
  top_p: chatFieldDocs.top_p!,
  reasoning: ["`effort` turns on reasoning for models that think.", "`effort` включает рассуждения у думающих моделей."],
  metadata: [
    "String pairs stored with the response (keys up to 64 characters, values up to 512).",
    "Строковые пары, хранятся вместе с ответом (ключи до 64 символов, значения до 512).",
  ],
  user: chatFieldDocs.user!,
  model: ["Model id `<provider>/<model>` from GET /models, or `auto`.", "Id модели `<провайдер>/<модель>` из GET /models или `auto`."],
  input: [
    "A string, or items: messages (`input_text` parts), `function_call`, `function_call_output`, `item_reference`.",
    "Строка или элементы: сообщения (части `input_text`), `function_call`, `function_call_output`, `item_reference`.",
  ],
  instructions: ["A system message for this response (not carried over by `previous_response_id`).", "Системное сообщение этого ответа (не переносится через `previous_response_id`)."],
  tools: ["Function tools only; built-in tools (web_search, file_search, …) are refused with 400.", "Только функции; встроенные инструменты (web_search, file_search, …) — ошибка 400."],
  text: ["`format`: `text`, `json_object` or `json_schema`.", "`format`: `text`, `json_object` или `json_schema`."],
  max_output_tokens: ["Upper bound on generated tokens.", "Максимум генерируемых токенов."],
  store: [
    "Keep the response for `previous_response_id` and GET (default true; kept for the server's retention period, 30 days by default).",
    "Сохранить ответ для `previous_response_id` и GET (по умолчанию да; хранится срок хранения сервера, по умолчанию 30 дней).",
  ],
  previous_response_id: ["Continue from one of your stored responses.", "Продолжить с вашего сохранённого ответа."],
  stream: ["Answer as Responses server-sent events (`event: <type>`).", "Отвечать событиями Responses по SSE (`event: <тип>`)."],
};

const idParameter: OpenApiParameter = {
  name: "id",
  in: "path",
  required: true,
  ...d("The response id (`resp_…`).", "Id ответа (`resp_…`)."),
  schema: { type: "string" },
};

const outputItem: JsonSchema = {
  type: "object",
  ...d("A `message` (output_text content), a `function_call` (call_id, name, arguments) or `reasoning`.", "`message` (части output_text), `function_call` (call_id, name, arguments) или `reasoning`."),
  properties: { type: { type: "string", enum: ["message", "function_call", "reasoning"] }, id: { type: "string" }, status: { type: "string" } },
  required: ["type", "id"],
};

const responseSchema: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "string", ...d("`resp_…`, from the request id (GET /generation takes the `x-request-id`).", "`resp_…`, из id запроса (GET /generation принимает `x-request-id`).") },
    object: { type: "string", const: "response" },
    created_at: { type: "integer" },
    status: { type: "string", enum: ["in_progress", "completed", "incomplete", "failed"] },
    error: { type: ["object", "null"] },
    incomplete_details: { type: ["object", "null"] },
    model: { type: "string" },
    output: { type: "array", items: outputItem },
    previous_response_id: { type: ["string", "null"] },
    store: { type: "boolean" },
    metadata: { type: "object" },
    usage: {
      type: ["object", "null"],
      properties: {
        input_tokens: { type: "integer" },
        input_tokens_details: { type: "object", properties: { cached_tokens: { type: "integer" } } },
        output_tokens: { type: "integer" },
        output_tokens_details: { type: "object", properties: { reasoning_tokens: { type: "integer" } } },
        total_tokens: { type: "integer" },
        cost_rub: { type: "number", ...d("What the response cost, in RUB.", "Стоимость ответа в рублях.") },
      },
    },
  },
  required: ["id", "object", "created_at", "status", "model", "output"],
};

const streamEventSchema: JsonSchema = {
  type: "object",
  ...d(
    "One event: response.created, response.in_progress, response.output_item.added, response.content_part.added, response.output_text.delta/.done, response.function_call_arguments.delta/.done, response.content_part.done, response.output_item.done, then response.completed (or response.incomplete), or response.failed when the upstream broke.",
    "Одно событие: response.created, response.in_progress, response.output_item.added, response.content_part.added, response.output_text.delta/.done, response.function_call_arguments.delta/.done, response.content_part.done, response.output_item.done, затем response.completed (или response.incomplete) либо response.failed, если поток провайдера оборвался.",
  ),
  properties: { type: { type: "string" }, sequence_number: { type: "integer" } },
  required: ["type", "sequence_number"],
};

export const responsesTag = { name: "Responses", description: "OpenAI's Responses API" };

export const responsesSchemas: Record<string, JsonSchema> = {
  ResponseRequest: fromZod(responsesRequestSchema, responsesFieldDocs),
  Response: responseSchema,
  ResponseStreamEvent: streamEventSchema,
  ResponseDeleted: {
    type: "object",
    properties: { id: { type: "string" }, object: { type: "string", const: "response" }, deleted: { type: "boolean", const: true } },
    required: ["id", "object", "deleted"],
  },
};

export const responsesPaths: OpenApiDocument["paths"] = {
  "/responses": {
    post: {
      operationId: "createResponse",
      tags: ["Responses"],
      summary: "Create a response",
      "x-summary-ru": "Ответ (Responses API)",
      description:
        "OpenAI's Responses API over the same routing, billing and limits as chat completions, as JSON or server-sent events (`stream: true`). Unused fields are listed in `x-xrouter-dropped-params`.",
      "x-description-ru":
        "Responses API OpenAI с той же маршрутизацией, оплатой и лимитами, что и chat completions: JSON или события SSE (`stream: true`). Неиспользованные поля перечисляются в `x-xrouter-dropped-params`.",
      requestBody: { required: true, content: json(ref("ResponseRequest"), { model: "gigachat/GigaChat-2-Max", input: "Привет!" }) },
      responses: {
        "200": {
          ...d("The response (JSON), or a stream of events (`text/event-stream`) when `stream` is true.", "Ответ (JSON) или поток событий (`text/event-stream`) при `stream: true`."),
          headers: { ...modelHeaders, "x-xrouter-dropped-params": headerRef("x-xrouter-dropped-params"), ...rateHeaders },
          content: { "application/json": { schema: ref("Response") }, "text/event-stream": { schema: ref("ResponseStreamEvent") } },
        },
        ...callErrors,
      },
    },
  },
  "/responses/{id}": {
    get: {
      operationId: "getResponse",
      tags: ["Responses"],
      summary: "Get a stored response",
      "x-summary-ru": "Сохранённый ответ",
      description: "One of your stored responses (`store: true`), as it was answered; 404 for another user's, a deleted or an expired one.",
      "x-description-ru": "Ваш сохранённый ответ (`store: true`) в том виде, в каком он был отдан; 404 для чужого, удалённого или просроченного.",
      parameters: [idParameter],
      responses: {
        "200": { ...d("The response.", "Ответ."), headers: { "x-request-id": headerRef("x-request-id") }, content: json(ref("Response")) },
        "401": errorRef("Unauthorized"),
        ...commonErrors,
      },
    },
    delete: {
      operationId: "deleteResponse",
      tags: ["Responses"],
      summary: "Delete a stored response",
      "x-summary-ru": "Удалить сохранённый ответ",
      description: "Deletes one of your stored responses: it can no longer be fetched or continued.",
      "x-description-ru": "Удаляет ваш сохранённый ответ: его больше нельзя получить или продолжить.",
      parameters: [idParameter],
      responses: {
        "200": { ...d("Deleted.", "Удалён."), headers: { "x-request-id": headerRef("x-request-id") }, content: json(ref("ResponseDeleted")) },
        "401": errorRef("Unauthorized"),
        ...commonErrors,
      },
    },
  },
};
