/**
 * The proto3 JSON mapping of the native request messages (yandex-cloud/cloudapi `ai/foundation_models/v1`, HEAD
 * Jul 2026), decoded as the REST gateway decodes a body before the service sees it. The body becomes the message
 * with camelCase keys (the proto's snake_case names are accepted too, as the mapping allows), int64 values as
 * strings, enums by name, and null meaning "unset". What the mapping refuses is refused with a ProtoJsonError:
 * a body that is not a JSON object, an unknown field, a value of the wrong JSON type (a string where a message or a
 * google.protobuf.Struct belongs, e.g. `toolChoice: "auto"` or string tool-call `arguments`), an unknown enum name,
 * two members of one oneof (`jsonObject` with `jsonSchema`; `text` with `toolCallList`) and a null list element.
 * The proto3 JSON spec says a parser rejects unknown fields by default; that Yandex's gateway keeps that default
 * (grpc-gateway v1 on its own allows them) is UNCONFIRMED, and so are all of the error texts.
 */

type Scalar = "string" | "bool" | "double" | "int64" | "struct";
interface EnumSpec {
  enum: string;
  values: readonly string[];
}
export interface MessageSpec {
  message: string;
  fields: Record<string, FieldSpec>;
}
type Kind = Scalar | EnumSpec | MessageSpec;
interface FieldSpec {
  kind: Kind;
  repeated?: true;
  oneof?: string;
}

export class ProtoJsonError extends Error {}

const PACKAGE = "yandex.cloud.ai.foundation_models.v1";
const field = (kind: Kind, options: Omit<FieldSpec, "kind"> = {}): FieldSpec => ({ kind, ...options });
const message = (name: string, fields: Record<string, FieldSpec>): MessageSpec => ({
  message: `${PACKAGE}.${name}`,
  fields,
});
const enumOf = (name: string, values: readonly string[]): EnumSpec => ({ enum: `${PACKAGE}.${name}`, values });

const FUNCTION_CALL = message("FunctionCall", { name: field("string"), arguments: field("struct") });
const TOOL_CALL = message("ToolCall", { functionCall: field(FUNCTION_CALL, { oneof: "ToolCallType" }) });
const FUNCTION_RESULT = message("FunctionResult", {
  name: field("string"),
  content: field("string", { oneof: "ContentType" }),
});
const TOOL_RESULT = message("ToolResult", { functionResult: field(FUNCTION_RESULT, { oneof: "ToolResultType" }) });
const MESSAGE = message("Message", {
  role: field("string"),
  text: field("string", { oneof: "Content" }),
  toolCallList: field(message("ToolCallList", { toolCalls: field(TOOL_CALL, { repeated: true }) }), {
    oneof: "Content",
  }),
  toolResultList: field(message("ToolResultList", { toolResults: field(TOOL_RESULT, { repeated: true }) }), {
    oneof: "Content",
  }),
});
const COMPLETION_OPTIONS = message("CompletionOptions", {
  stream: field("bool"),
  temperature: field("double"),
  maxTokens: field("int64"),
  reasoningOptions: field(
    message("ReasoningOptions", {
      mode: field(
        enumOf("ReasoningOptions.ReasoningMode", ["REASONING_MODE_UNSPECIFIED", "DISABLED", "ENABLED_HIDDEN"]),
      ),
    }),
  ),
});
const TOOL = message("Tool", {
  function: field(
    message("FunctionTool", {
      name: field("string"),
      description: field("string"),
      parameters: field("struct"),
      strict: field("bool"),
    }),
    { oneof: "ToolType" },
  ),
});
const TOOL_CHOICE = message("ToolChoice", {
  mode: field(enumOf("ToolChoice.ToolChoiceMode", ["TOOL_CHOICE_MODE_UNSPECIFIED", "NONE", "AUTO", "REQUIRED"]), {
    oneof: "ToolChoice",
  }),
  functionName: field("string", { oneof: "ToolChoice" }),
});

export const COMPLETION_REQUEST = message("CompletionRequest", {
  modelUri: field("string"),
  completionOptions: field(COMPLETION_OPTIONS),
  messages: field(MESSAGE, { repeated: true }),
  tools: field(TOOL, { repeated: true }),
  jsonObject: field("bool", { oneof: "ResponseFormat" }),
  jsonSchema: field(message("JsonSchema", { schema: field("struct") }), { oneof: "ResponseFormat" }),
  parallelToolCalls: field("bool"),
  toolChoice: field(TOOL_CHOICE),
});
export const TOKENIZE_REQUEST = message("TokenizeRequest", { modelUri: field("string"), text: field("string") });
export const TEXT_EMBEDDING_REQUEST = message("TextEmbeddingRequest", {
  modelUri: field("string"),
  text: field("string"),
  dim: field("int64"),
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const show = (value: unknown) => JSON.stringify(value);
const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function scalar(kind: Scalar, value: unknown, path: string): unknown {
  const bad = () => new ProtoJsonError(`invalid value for ${kind} field ${path}: ${show(value)}`);
  switch (kind) {
    case "string":
      if (typeof value !== "string") throw bad();
      return value;
    case "bool":
      if (typeof value !== "boolean") throw bad();
      return value;
    case "double":
      if (typeof value === "number") return value;
      if (typeof value === "string" && /^(-?Infinity|NaN|-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(value))
        return Number(value);
      throw bad();
    case "int64":
      if (typeof value === "number" && Number.isInteger(value)) return String(value);
      if (typeof value === "string" && /^-?\d+$/.test(value)) return value;
      throw bad();
    case "struct":
      // google.protobuf.Struct maps to a JSON object and only to one.
      if (!isObject(value)) throw bad();
      return value;
  }
}

function single(kind: Kind, value: unknown, path: string): unknown {
  if (typeof kind === "string") return scalar(kind, value, path);
  if ("message" in kind) return decodeMessage(kind, value, path);
  if (typeof value === "string" && kind.values.includes(value)) return value;
  // Proto3 enums are open: any int32 number is accepted, a known one is read as its name.
  if (typeof value === "number" && Number.isInteger(value)) return kind.values[value] ?? value;
  throw new ProtoJsonError(`invalid value for enum ${kind.enum} field ${path}: ${show(value)}`);
}

function decodeMessage(spec: MessageSpec, value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) {
    throw new ProtoJsonError(`invalid value for ${spec.message} ${path || "request body"}: ${show(value)}`);
  }
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  const oneofs = new Map<string, string>();
  for (const [key, raw] of Object.entries(value)) {
    const name = camel(key);
    const fieldSpec = spec.fields[name];
    if (!fieldSpec) throw new ProtoJsonError(`unknown field ${show(key)} in ${spec.message}`);
    if (seen.has(name)) throw new ProtoJsonError(`duplicate field ${show(key)} in ${spec.message}`);
    seen.add(name);
    // null is the default value, i.e. unset, for every field type used here.
    if (raw === null) continue;
    const where = path ? `${path}.${name}` : name;
    if (fieldSpec.oneof) {
      const other = oneofs.get(fieldSpec.oneof);
      if (other) {
        throw new ProtoJsonError(
          `error parsing ${show(key)}, oneof ${spec.message}.${fieldSpec.oneof} is already set (${other})`,
        );
      }
      oneofs.set(fieldSpec.oneof, name);
    }
    if (!fieldSpec.repeated) {
      out[name] = single(fieldSpec.kind, raw, where);
      continue;
    }
    if (!Array.isArray(raw)) throw new ProtoJsonError(`invalid value for repeated field ${where}: ${show(raw)}`);
    out[name] = raw.map((item, i) => {
      if (item === null) throw new ProtoJsonError(`invalid value for repeated field ${where}[${i}]: null`);
      return single(fieldSpec.kind, item, `${where}[${i}]`);
    });
  }
  return out;
}

/**
 * Decodes a request body as the proto3 JSON of `spec`. An empty body is the empty message (grpc-gateway ignores
 * io.EOF when decoding a `body: "*"` request; that Yandex does is UNCONFIRMED).
 */
export function decodeProtoJson(spec: MessageSpec, body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new ProtoJsonError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return decodeMessage(spec, value, "");
}
