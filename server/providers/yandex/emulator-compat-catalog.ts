import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatedEmbedding } from "../emulator/embedding";
import { countPromptTokens, parseDirectives } from "../emulator/replies";
import { sendJson } from "../emulator/server";
import {
  checkAuth,
  checkModel,
  COMPAT_CHAT_MODELS,
  CompatHttpError,
  type CompatModel,
  type CompatOptions,
  directiveError,
  parseCompatBody,
} from "./emulator-compat";

/**
 * `GET /v1/models` and `POST /v1/embeddings` of the compat surface (documented: AI Studio "OpenAI compatibility"
 * page and its OpenAPI pages listModels and createEmbedding). Both take the chat's auth.
 */

/** The embedding vectors' length and input limit are the native API's (providers.md §2.7). */
export const EMBEDDING_DIM = 256;
export const EMBEDDING_INPUT_LIMIT = 2_000;

/** Embedding models as the real `GET /v1/models` listed them (Nov 2025; fine-tuned `@…` entries left out). */
export const COMPAT_EMBEDDING_MODELS: Readonly<Record<string, CompatModel>> = {
  "text-search-doc": { context: EMBEDDING_INPUT_LIMIT, owner: "Yandex", versions: ["latest"] },
  "text-search-query": { context: EMBEDDING_INPUT_LIMIT, owner: "Yandex", versions: ["latest"] },
  "text-embeddings": { context: EMBEDDING_INPUT_LIMIT, owner: "Yandex", versions: ["latest", "rc", "deprecated"] },
};

/**
 * `{"object":"list","data":[{"id":"gpt://<folder>/yandexgpt/latest","object":"model","owned_by":"Yandex",
 * "created":0}, …]}`: the shape and field order of a real answer (yandex-cloud-ml-sdk cassette, Nov 2025), one entry
 * per model URI, chat (`gpt://`) and embedding (`emb://`) models together.
 */
export function compatModels(req: IncomingMessage, res: ServerResponse, options: CompatOptions): void {
  checkAuth(req, options);
  const entries = (scheme: string, models: Readonly<Record<string, CompatModel>>) =>
    Object.entries(models).flatMap(([name, model]) =>
      model.versions.map((version) => ({
        id: `${scheme}://${options.folderId}/${name}/${version}`,
        object: "model",
        owned_by: model.owner,
        created: 0,
      })),
    );
  sendJson(res, 200, {
    object: "list",
    data: [...entries("gpt", COMPAT_CHAT_MODELS), ...entries("emb", COMPAT_EMBEDDING_MODELS)],
  });
}

/** The one text of `input`: a string or a one-element array (documented), never empty (documented). */
function singleInput(input: unknown): string {
  const text = Array.isArray(input) && input.length === 1 ? input[0] : input;
  if (typeof text !== "string") {
    throw new CompatHttpError(400, "input must be a string or an array of exactly one string");
  }
  if (text === "") throw new CompatHttpError(400, "input must not be empty");
  return text;
}

/**
 * `{model: "emb://<folder>/text-search-doc/latest", input, encoding_format?: "float", dimensions?}` →
 * `{"object":"list","model":<as sent>,"data":[{"index":0,"embedding":[…],"object":"embedding"}],
 * "usage":{"prompt_tokens":N,"total_tokens":N}}` (shape CONFIRMED: yandex-cloud-ml-sdk cassette
 * tests/chat/cassettes/test_embeddings/test_run.yaml, Sep 2025). encoding_format can only be "float" and
 * dimensions is at least 1 (createEmbedding page). Refusing a dimensions other than the model's 256 is UNCONFIRMED,
 * as is the 2 000-token input limit here (the page's "8192 tokens" is OpenAI's own text, copied).
 */
export function compatEmbeddings(req: IncomingMessage, res: ServerResponse, raw: string, options: CompatOptions): void {
  checkAuth(req, options);
  const request = parseCompatBody(raw);
  checkModel(request.model, "emb", COMPAT_EMBEDDING_MODELS, options.folderId);
  const text = singleInput(request.input);
  const { encoding_format: format, dimensions } = request;
  if (format !== undefined && format !== "float") {
    throw new CompatHttpError(400, `encoding_format must be "float", got ${JSON.stringify(format)}`);
  }
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || (dimensions as number) < 1)) {
    throw new CompatHttpError(400, `dimensions must be an integer of at least 1, got ${JSON.stringify(dimensions)}`);
  }
  if (dimensions !== undefined && dimensions !== EMBEDDING_DIM) {
    throw new CompatHttpError(400, `dimensions ${String(dimensions)} is not supported by this model`);
  }
  const directives = parseDirectives(text);
  if (directives.status) throw directiveError(directives.status);
  const tokens = countPromptTokens([text]);
  if (tokens > EMBEDDING_INPUT_LIMIT) {
    throw new CompatHttpError(
      400,
      `number of input tokens must be no more than ${EMBEDDING_INPUT_LIMIT}, got ${tokens}`,
    );
  }
  sendJson(res, 200, {
    object: "list",
    model: request.model,
    data: [{ index: 0, embedding: emulatedEmbedding(text, EMBEDDING_DIM), object: "embedding" }],
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
