import { commonErrors, errorRef } from "./error-responses";
import { headerRef } from "./headers";
import { d, json } from "./schema-helpers";
import type { JsonSchema, OpenApiDocument, OpenApiParameter } from "./types";

/** OpenAI's Files and Batch APIs as XRouter serves them (docs/api/batches.md): chat completions on Yandex's async mode. */

export const batchesTag = { name: "Batches", description: "Chat completions that can wait, at the async price" };

const idParameter = (what: string, ru: string): OpenApiParameter => ({
  name: "id",
  in: "path",
  required: true,
  ...d(what, ru),
  schema: { type: "string" },
});
const fileId = idParameter("The file id (`file-…`).", "Id файла (`file-…`).");
const batchId = idParameter("The batch id (`batch_…`).", "Id пакета (`batch_…`).");
const requestId = { "x-request-id": headerRef("x-request-id") };

const fileObject: JsonSchema = {
  type: "object",
  ...d("OpenAI's file object.", "Объект файла OpenAI."),
  properties: {
    id: { type: "string", description: "`file-…`: the file's id." },
    object: { type: "string", enum: ["file"], description: "Always `file`." },
    bytes: { type: "integer", description: "The file's size in bytes." },
    created_at: { type: "integer", description: "Unix time in seconds." },
    filename: { type: "string", description: "The name it was uploaded with." },
    purpose: {
      type: "string",
      enum: ["batch", "batch_output"],
      description: "`batch` for an uploaded input file, `batch_output` for a batch's output or error file.",
    },
  },
  required: ["id", "object", "bytes", "created_at", "filename", "purpose"],
};

const batchObject: JsonSchema = {
  type: "object",
  ...d(
    "OpenAI's batch object, with `model` (the one model of its lines).",
    "Объект пакета OpenAI, с `model` (единая модель его строк).",
  ),
  properties: {
    id: { type: "string", description: "`batch_…`: the batch's id." },
    object: { type: "string", enum: ["batch"], description: "Always `batch`." },
    endpoint: { type: "string", description: "The endpoint every line calls: `/v1/chat/completions`." },
    model: { type: "string", description: "The one model of the batch's lines." },
    input_file_id: { type: "string", description: "The uploaded input file." },
    output_file_id: { type: ["string", "null"], description: "The file of answers, once the batch has finished." },
    error_file_id: { type: ["string", "null"], description: "The file of failed lines, once the batch has finished with some." },
    completion_window: { type: "string", description: "Always `24h`." },
    status: {
      type: "string",
      description: "Where the batch is: from `validating` and `in_progress` to `completed`, `failed`, `expired` or `cancelled`.",
      enum: ["validating", "in_progress", "finalizing", "completed", "failed", "expired", "cancelling", "cancelled"],
    },
    request_counts: {
      type: "object",
      description: "How many lines the batch has, and how many have been answered or have failed.",
      properties: {
        total: { type: "integer", description: "Lines in the input file." },
        completed: { type: "integer", description: "Lines answered." },
        failed: { type: "integer", description: "Lines that failed." },
      },
    },
    created_at: { type: "integer", description: "Unix time in seconds." },
    expires_at: { type: "integer", description: "When an unfinished batch expires, Unix time in seconds." },
  },
  required: ["id", "object", "status", "input_file_id", "request_counts"],
};

const withKey = { "400": errorRef("BadRequest"), "401": errorRef("Unauthorized"), ...commonErrors };

export const batchesPaths: OpenApiDocument["paths"] = {
  "/files": {
    post: {
      operationId: "createFile",
      tags: ["Batches"],
      summary: "Upload a batch input file",
      "x-summary-ru": "Загрузить входной файл пакета",
      description:
        'multipart/form-data with `purpose: batch` and `file`: JSONL lines `{custom_id, method: "POST", url: "/v1/chat/completions", body}`, one model of a provider with an async mode (Yandex), at most 1,000 lines. A bad line is a 400 naming it.',
      "x-description-ru":
        'multipart/form-data с `purpose: batch` и `file`: строки JSONL `{custom_id, method: "POST", url: "/v1/chat/completions", body}`, одна модель провайдера с асинхронным режимом (Yandex), не более 1000 строк. Неверная строка — 400 с её номером.',
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: {
              type: "object",
              properties: {
                purpose: { type: "string", enum: ["batch"], description: "Always `batch`." },
                file: { type: "string", format: "binary", description: "The JSONL file." },
              },
              required: ["purpose", "file"],
            },
          },
        },
      },
      responses: {
        "200": { ...d("The file.", "Файл."), headers: requestId, content: json(fileObject) },
        ...withKey,
        "413": errorRef("PayloadTooLarge"),
      },
    },
  },
  "/files/{id}": {
    get: {
      operationId: "getFile",
      tags: ["Batches"],
      summary: "Get a file",
      "x-summary-ru": "Файл",
      description: "One of your files; 404 for another user's.",
      "x-description-ru": "Ваш файл; 404 для чужого.",
      parameters: [fileId],
      responses: { "200": { ...d("The file.", "Файл."), headers: requestId, content: json(fileObject) }, ...withKey },
    },
  },
  "/files/{id}/content": {
    get: {
      operationId: "getFileContent",
      tags: ["Batches"],
      summary: "Get a file's content",
      "x-summary-ru": "Содержимое файла",
      description: "The JSONL: an input file as uploaded, or a finished batch's output or error file.",
      "x-description-ru": "JSONL: входной файл как загружен или файл результатов или ошибок завершённого пакета.",
      parameters: [fileId],
      responses: {
        "200": {
          ...d("JSON Lines.", "JSON Lines."),
          headers: requestId,
          content: { "application/jsonl": { schema: { type: "string" } } },
        },
        ...withKey,
      },
    },
  },
  "/batches": {
    post: {
      operationId: "createBatch",
      tags: ["Batches"],
      summary: "Create a batch",
      "x-summary-ru": "Создать пакет",
      description:
        "Runs an input file's lines within 24 h on the provider's async mode, each charged at its usage at the async price (half the catalog price). The whole worst case must fit the balance now (402 otherwise).",
      "x-description-ru":
        "Выполняет строки входного файла в течение 24 ч в асинхронном режиме провайдера; каждая оплачивается по фактическому расходу по асинхронной цене (половина цены каталога). Худший случай всего пакета должен помещаться в баланс (иначе 402).",
      requestBody: {
        required: true,
        content: json(
          {
            type: "object",
            properties: {
              input_file_id: { type: "string", description: "The uploaded input file (`file-…`)." },
              endpoint: { type: "string", enum: ["/v1/chat/completions"], description: "The endpoint every line calls." },
              completion_window: { type: "string", enum: ["24h"], description: "Always `24h`." },
              metadata: { type: "object", description: "Your key-value pairs, kept with the batch." },
            },
            required: ["input_file_id", "endpoint", "completion_window"],
          },
          { input_file_id: "file-abc", endpoint: "/v1/chat/completions", completion_window: "24h" },
        ),
      },
      responses: {
        "200": { ...d("The batch.", "Пакет."), headers: requestId, content: json(batchObject) },
        ...withKey,
        "402": errorRef("PaymentRequired"),
      },
    },
    get: {
      operationId: "listBatches",
      tags: ["Batches"],
      summary: "List batches",
      "x-summary-ru": "Список пакетов",
      description: "Your batches, newest first (`after`, `limit` 1-100).",
      "x-description-ru": "Ваши пакеты, новые первыми (`after`, `limit` 1-100).",
      responses: {
        "200": {
          ...d("A page of batches.", "Страница пакетов."),
          headers: requestId,
          content: json({
            type: "object",
            properties: {
              object: { type: "string", enum: ["list"] },
              data: { type: "array", items: batchObject, description: "Your batches, newest first." },
              has_more: { type: "boolean", description: "Whether older batches follow (ask again with `after`)." },
            },
          }),
        },
        ...withKey,
      },
    },
  },
  "/batches/{id}": {
    get: {
      operationId: "getBatch",
      tags: ["Batches"],
      summary: "Get a batch",
      "x-summary-ru": "Пакет",
      description: "One of your batches; 404 for another user's.",
      "x-description-ru": "Ваш пакет; 404 для чужого.",
      parameters: [batchId],
      responses: {
        "200": { ...d("The batch.", "Пакет."), headers: requestId, content: json(batchObject) },
        ...withKey,
      },
    },
  },
  "/batches/{id}/cancel": {
    post: {
      operationId: "cancelBatch",
      tags: ["Batches"],
      summary: "Cancel a batch",
      "x-summary-ru": "Отменить пакет",
      description:
        "Lines not yet submitted are cancelled and cost nothing; running ones finish and are charged; then the batch is `cancelled`.",
      "x-description-ru":
        "Ещё не отправленные строки отменяются и ничего не стоят; выполняющиеся завершаются и оплачиваются; затем пакет — `cancelled`.",
      parameters: [batchId],
      responses: {
        "200": { ...d("The batch.", "Пакет."), headers: requestId, content: json(batchObject) },
        ...withKey,
      },
    },
  },
};
