/**
 * What the GigaChat emulator refuses in a `POST /chat/completions` body, answered as 422
 * `{"status":422,"message":"Invalid params: …"}`. The status and the message format are CONFIRMED (API reference
 * "post-chat": 422 "Ошибка валидации параметров запроса. Проверьте названия полей и значения параметров", example
 * "Invalid params: repetition_penalty must be in range (0, +inf)"); every other message text is UNCONFIRMED.
 */

type Json = Record<string, unknown>;

/**
 * The request fields the official Python SDK models (models/chat.py `Chat`, June 2026). Refusing the others
 * (OpenAI's `tools`, `tool_choice`, `stream_options`, `max_completion_tokens`…) is issue 17's rule: the reference
 * hints at it ("check the field names") but whether the server refuses or ignores an unknown field is UNCONFIRMED.
 */
const CHAT_FIELDS = new Set([
  "model",
  "messages",
  "temperature",
  "top_p",
  "n",
  "stream",
  "max_tokens",
  "repetition_penalty",
  "update_interval",
  "profanity_check",
  "function_call",
  "functions",
  "flags",
  "storage",
  "function_ranker",
  "response_format",
  "reasoning_effort",
]);

/** The message fields of the SDK's `Messages` (an OpenAI `tool_calls` or `tool_call_id` is refused). */
const MESSAGE_FIELDS = new Set([
  "role",
  "content",
  "function_call",
  "name",
  "attachments",
  "data_for_context",
  "functions_state_id",
  "reasoning_content",
  "id",
]);

const ROLES = new Set(["system", "user", "assistant", "function"]);

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function isJsonObjectText(text: string): boolean {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}

const invalid = (text: string) => `Invalid params: ${text}`;

function unknownField(value: Json, known: Set<string>, prefix = ""): string | undefined {
  const key = Object.keys(value).find((k) => !known.has(k));
  return key === undefined ? undefined : invalid(`unknown field ${prefix}${key}`);
}

/**
 * Sampling ranges. CONFIRMED (API reference): temperature > 0 (exclusiveMinimum 0), top_p in [0, 1],
 * repetition_penalty > 0. Issue 17's rules, UNCONFIRMED: temperature at most 2 (the reference only warns that above 2
 * the answer gets too random), max_tokens at least 1 (documented as an int32 with no bound), n from 1 to 4 (absent
 * from the reference), update_interval not negative.
 */
function rangeViolation(body: Json): string | undefined {
  const checks: [field: string, ok: (v: number) => boolean, range: string, integer?: boolean][] = [
    ["temperature", (v) => v > 0 && v <= 2, "(0, 2]"],
    ["top_p", (v) => v >= 0 && v <= 1, "[0, 1]"],
    ["max_tokens", (v) => v >= 1, "[1, +inf)", true],
    ["n", (v) => v >= 1 && v <= 4, "[1, 4]", true],
    ["repetition_penalty", (v) => v > 0, "(0, +inf)"],
    ["update_interval", (v) => v >= 0, "[0, +inf)"],
  ];
  for (const [field, ok, range, integer] of checks) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || (integer && !Number.isInteger(value))) {
      return invalid(`${field} must be ${integer ? "an integer" : "a number"}`);
    }
    if (!ok(value)) return invalid(`${field} must be in range ${range}`);
  }
  for (const field of ["stream", "profanity_check"]) {
    if (body[field] !== undefined && typeof body[field] !== "boolean") return invalid(`${field} must be a boolean`);
  }
  return undefined;
}

function messageViolation(m: unknown, i: number): string | undefined {
  if (!isObject(m)) return invalid(`messages[${i}] must be an object`);
  const unknown = unknownField(m, MESSAGE_FIELDS, `messages[${i}].`);
  if (unknown) return unknown;
  if (typeof m.role !== "string" || !ROLES.has(m.role)) return invalid(`unknown role ${String(m.role)}`);
  if (typeof m.content !== "string") return invalid("content must be a string");
  // CONFIRMED text (API reference, `messages`).
  if (m.role === "system" && i !== 0) return invalid("system message must be the first message");
  if (m.role === "function") {
    if (typeof m.name !== "string" || m.name === "") return invalid("function message needs a name");
    // CONFIRMED rule (API reference: "валидного JSON-объекта, обернутого в строку"); whether the server enforces it is
    // UNCONFIRMED (langchain-gigachat sends a bare JSON string for non-JSON text).
    if (!isJsonObjectText(m.content)) return invalid(`messages[${i}].content must be a JSON object in a string`);
  }
  // The SDK types `attachments` as a list of file ids; which files they may be is the file storage's business.
  if (m.attachments !== undefined && (!Array.isArray(m.attachments) || !m.attachments.every((id) => typeof id === "string"))) {
    return invalid(`messages[${i}].attachments must be an array of file ids`);
  }
  if (m.function_call !== undefined) {
    // CONFIRMED: arguments are an object, never OpenAI's JSON string.
    if (!isObject(m.function_call) || !isObject(m.function_call.arguments)) {
      return invalid("function_call.arguments must be an object");
    }
  }
  return undefined;
}

/**
 * `functions` and `function_call`. CONFIRMED (API reference, "Режимы работы с функциями"): `function_call` is
 * "auto", "none" or `{name}`, and forcing a custom function that `functions` does not describe is an error (its status
 * and text are UNCONFIRMED).
 */
function functionsViolation(body: Json): string | undefined {
  const functions = body.functions;
  if (functions !== undefined && functions !== null) {
    if (!Array.isArray(functions)) return invalid("functions must be an array");
    for (const [i, fn] of functions.entries()) {
      if (!isObject(fn) || typeof fn.name !== "string" || fn.name === "") {
        return invalid(`functions[${i}].name is required`);
      }
      if (fn.parameters !== undefined && !isObject(fn.parameters)) {
        return invalid(`functions[${i}].parameters must be an object`);
      }
    }
  }
  const choice = body.function_call;
  if (choice === undefined || choice === null || choice === "auto" || choice === "none") return undefined;
  if (!isObject(choice) || typeof choice.name !== "string") {
    return invalid('function_call must be "auto", "none" or {"name": …}');
  }
  const declared = Array.isArray(functions) && functions.some((fn) => isObject(fn) && fn.name === choice.name);
  return declared ? undefined : invalid(`function_call names ${choice.name}, which is not in functions`);
}

/**
 * `response_format` is flat: `{"type":"json_schema","schema":{…},"strict"?}` (CONFIRMED: SDK
 * models/response_format.py and an April 2026 cassette). OpenAI's nested `json_schema: {name, schema}` and other
 * types are refused (issue 17's rule; what the server does with them is UNCONFIRMED).
 */
function responseFormatViolation(format: unknown): string | undefined {
  if (format === undefined || format === null) return undefined;
  if (!isObject(format)) return invalid("response_format must be an object");
  const unknown = unknownField(format, new Set(["type", "schema", "strict"]), "response_format.");
  if (unknown) return unknown;
  if (format.type !== "json_schema") return invalid("response_format.type must be json_schema");
  if (!isObject(format.schema)) return invalid("response_format.schema must be an object");
  if (format.strict !== undefined && typeof format.strict !== "boolean") {
    return invalid("response_format.strict must be a boolean");
  }
  return undefined;
}

/** Returns the 422 message for a chat body the emulator refuses, or undefined for one it answers. */
export function chatViolation(body: Json): string | undefined {
  const unknown = unknownField(body, CHAT_FIELDS);
  if (unknown) return unknown;
  if (!Array.isArray(body.messages) || body.messages.length === 0) return invalid("messages is empty");
  for (const [i, m] of body.messages.entries()) {
    const problem = messageViolation(m, i);
    if (problem) return problem;
  }
  // The SDKs know only these three (providers.md §1): OpenAI's "minimal" or "none" must not reach GigaChat.
  if (body.reasoning_effort !== undefined && !["low", "medium", "high"].includes(body.reasoning_effort as string)) {
    return invalid("reasoning_effort must be low, medium or high");
  }
  return rangeViolation(body) ?? functionsViolation(body) ?? responseFormatViolation(body.response_format);
}
