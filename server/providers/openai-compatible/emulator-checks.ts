/**
 * What vLLM's OpenAI-compatible server refuses, answered with vLLM's own error bodies, so the emulator is as
 * strict as the real thing (every refusal lands in the emulator's violations log).
 *
 * Sources (vllm-project/vllm, main, 2026): `vllm/entrypoints/openai/chat_completion/protocol.py` (request
 * validators), `vllm/sampling_params.py` (`_verify_args`, `_verify_greedy_sampling`), `vllm/exceptions.py`
 * (`VLLMValidationError.__str__` appends `(parameter=…, value=…)`), `vllm/entrypoints/utils.py` and
 * `openai/engine/serving.py` (`create_error_response`, `_check_model`), `openai/api_server.py` (the
 * RequestValidationError handler and the `--api-key` middleware), `pooling/base/protocol.py` and
 * `utils/serial_utils.py` (embeddings `encoding_format`).
 *
 * The envelope is vLLM ≥ 0.10.1's `{"error":{"message","type","param","code":<status>}}` (vllm PR #22099);
 * older servers sent the same fields flat beside `"object":"error"`, which the adapter reads as well.
 */

import { readImageUrl } from "../image-data";

export interface VllmError {
  status: number;
  body: unknown;
}

export function vllmError(status: number, message: string, type: string, param: string | null = null): VllmError {
  return { status, body: { error: { message, type, param, code: status } } };
}

/** Python's str() of a number: floats keep a ".0" (pydantic turns a JSON 0 for a float field into 0.0). */
function py(value: number, float: boolean): string {
  if (!float || !Number.isInteger(value) || Math.abs(value) >= 1e16) return String(value);
  return value.toFixed(1);
}

/** A VLLMValidationError the serving layer caught: 400 "BadRequestError", its parameter as `param`. */
function rejected(message: string, parameter?: string, value?: string): VllmError {
  const extras = [parameter && `parameter=${parameter}`, value !== undefined && `value=${value}`].filter(Boolean);
  return vllmError(
    400,
    extras.length ? `${message} (${extras.join(", ")})` : message,
    "BadRequestError",
    parameter ?? null,
  );
}

/**
 * A pydantic failure (FastAPI's RequestValidationError): 400 with type "Bad Request" (HTTPStatus phrase) and
 * `param` only when a VLLMValidationError raised it. vLLM's message is pydantic's error dump; the emulator
 * sends only the inner message (the exact surrounding text is UNCONFIRMED).
 */
function invalid(message: string, param: string | null = null): VllmError {
  return vllmError(400, message, "Bad Request", param);
}

const isSet = (value: unknown) => value !== undefined && value !== null;
/** Python truthiness of a decoded JSON value. */
const truthy = (value: unknown) =>
  Array.isArray(value)
    ? value.length > 0
    : value && typeof value === "object"
      ? Object.keys(value).length > 0
      : !!value;

function typeError(body: Record<string, unknown>, fields: string[], integer: boolean): VllmError | undefined {
  for (const field of fields) {
    const value = body[field];
    if (!isSet(value)) continue;
    if (typeof value !== "number" || (integer && !Number.isInteger(value)))
      return invalid(`${field}: Input should be a valid ${integer ? "integer" : "number"}`); // wording UNCONFIRMED
  }
  return undefined;
}

function toolNameOf(tool: unknown): unknown {
  return tool && typeof tool === "object" ? (tool as { function?: { name?: unknown } }).function?.name : undefined;
}

/** ChatCompletionRequest's pydantic validators: they run before the model is even looked up. */
export function chatRequestError(body: Record<string, unknown>): VllmError | undefined {
  if (!Array.isArray(body.messages)) return invalid("messages: Field required"); // wording UNCONFIRMED
  // An empty list passes pydantic; the chat template then fails (message UNCONFIRMED).
  if (body.messages.length === 0) return vllmError(400, "messages must not be empty", "BadRequestError");
  if (truthy(body.stream_options) && !truthy(body.stream))
    return invalid("Stream options can only be defined when `stream=True`.", "stream_options");
  // vLLM ≥ 0.10 types it Literal["low", "medium", "high"]; OpenAI's "minimal" is refused.
  if (isSet(body.reasoning_effort) && !["low", "medium", "high"].includes(body.reasoning_effort as string))
    return invalid("reasoning_effort: Input should be 'low', 'medium' or 'high'"); // pydantic's literal_error text
  const choice = body.tool_choice;
  if (isSet(choice) && choice !== "none") {
    if (!isSet(body.tools)) return invalid("When using `tool_choice`, `tools` must be set.");
    if (typeof choice === "object") {
      const name = (choice as { function?: { name?: unknown } }).function?.name;
      const tools = Array.isArray(body.tools) ? body.tools : [];
      if (!tools.some((tool) => toolNameOf(tool) === name))
        return invalid("The tool specified in `tool_choice` does not match any of the specified `tools`");
    } else if (choice !== "auto" && choice !== "required") {
      return invalid(
        `Invalid value for \`tool_choice\`: ${String(choice)}! Only named tools, "none", "auto" or "required" are supported.`,
      );
    }
  }
  return (
    typeError(body, ["temperature", "top_p", "presence_penalty", "frequency_penalty"], false) ??
    typeError(body, ["n", "max_tokens", "max_completion_tokens"], true)
  );
}

/** SamplingParams._verify_args (and the greedy check after it), in vLLM's order: 400 before any output. */
export function samplingError(body: Record<string, unknown>): VllmError | undefined {
  const num = (field: string) => (typeof body[field] === "number" ? (body[field] as number) : undefined);
  const n = num("n") ?? 1;
  if (n < 1) return rejected(`n must be at least 1, got ${n}.`);
  for (const field of ["presence_penalty", "frequency_penalty"]) {
    const value = num(field);
    if (value !== undefined && (value < -2 || value > 2))
      return rejected(`${field} must be in [-2, 2], got ${py(value, true)}.`);
  }
  const temperature = num("temperature");
  if (temperature !== undefined && temperature < 0)
    return rejected(
      `temperature must be non-negative, got ${py(temperature, true)}.`,
      "temperature",
      py(temperature, true),
    );
  // The upper bound is newer than the rest (vLLM main); older servers accepted any temperature ≥ 0.
  if (temperature !== undefined && temperature > 2)
    return rejected(
      `temperature must be in [0, 2], got ${py(temperature, true)}.`,
      "temperature",
      py(temperature, true),
    );
  const topP = num("top_p");
  if (topP !== undefined && !(topP > 0 && topP <= 1))
    return rejected(`top_p must be in (0, 1], got ${py(topP, true)}.`, "top_p", py(topP, true));
  // max_completion_tokens wins over max_tokens; vLLM names the SamplingParams field either way.
  const maxTokens = num("max_completion_tokens") ?? num("max_tokens");
  if (maxTokens !== undefined && maxTokens < 1)
    return rejected(`max_tokens must be at least 1, got ${maxTokens}.`, "max_tokens", String(maxTokens));
  const stop = typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? body.stop : [];
  if (stop.some((s) => !s)) return rejected("stop cannot contain an empty string.");
  if (temperature !== undefined && temperature < 1e-5 && n > 1)
    return rejected(`n must be 1 when using greedy sampling, got ${n}.`);
  return undefined;
}

/** The `image_url` parts of a chat body's messages (the URLs). */
function imageUrlsOf(body: Record<string, unknown>): unknown[] {
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  return messages.flatMap((message) =>
    Array.isArray(message?.content)
      ? (message.content as { type?: unknown; image_url?: { url?: unknown } }[]).filter((part) => part?.type === "image_url").map((part) => part.image_url?.url)
      : [],
  );
}

/**
 * Image parts: a model without a vision encoder refuses them, as vLLM's MultiModalRegistry.create_processor does
 * (`ValueError(f"{model_config.model} is not a multimodal model")`, vllm/multimodal/registry.py, main 2026, answered
 * as a 400 BadRequestError; vLLM names the model's path, the emulator the served name). A vision model refuses a URL
 * that is neither a data URL of an image nor an http(s) URL (vLLM's text for that is UNCONFIRMED; it also reads
 * formats the gateway never sends, such as BMP, which the emulator refuses).
 */
export function imagePartsError(body: Record<string, unknown>, vision: boolean): VllmError | undefined {
  const urls = imageUrlsOf(body);
  if (urls.length === 0) return undefined;
  if (!vision) return vllmError(400, `${String(body.model)} is not a multimodal model`, "BadRequestError");
  for (const url of urls) {
    const image = typeof url === "string" ? readImageUrl(url) : { kind: "invalid" as const, reason: "image_url.url is required" };
    if (image.kind === "invalid") return vllmError(400, `Invalid image: ${image.reason}`, "BadRequestError");
  }
  return undefined;
}

export type EncodingFormat = "float" | "base64";

/**
 * EmbeddingRequest's `encoding_format`: Literal["float", "base64", "bytes"], "float" by default. "bytes" (vLLM
 * ≥ 0.11 answers a binary body) is not emulated and refused here.
 */
export function embeddingsRequestError(body: Record<string, unknown>): VllmError | undefined {
  if (!isSet(body.input)) return invalid("input: Field required"); // wording UNCONFIRMED
  const format = body.encoding_format;
  if (isSet(format) && format !== "float" && format !== "base64") {
    return format === "bytes"
      ? vllmError(400, "encoding_format 'bytes' is not emulated", "BadRequestError", "encoding_format")
      : invalid("encoding_format: Input should be 'float', 'base64' or 'bytes'"); // pydantic's literal_error text
  }
  return undefined;
}

/** OpenAIServing._check_model: 404 NotFoundError naming the model (param "model" on vLLM main; older servers sent null). */
export const unknownModelError = (model: unknown): VllmError =>
  vllmError(404, `The model \`${String(model)}\` does not exist.`, "NotFoundError", "model");

/** The `--api-key` middleware's answer, verbatim. */
export const UNAUTHORIZED: VllmError = { status: 401, body: { error: "Unauthorized" } };

/** Float32 little-endian bytes in base64, as vLLM (native order, x86) and OpenAI send `encoding_format: "base64"`. */
export function encodeEmbedding(vector: number[], format: EncodingFormat): number[] | string {
  if (format === "float") return vector;
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes.toString("base64");
}
