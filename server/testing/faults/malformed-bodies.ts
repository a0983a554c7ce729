import type { Random } from "./random";

/** A body that is wrong in some way, and what kind of wrong (for failure messages). */
export interface MalformedBody {
  kind: string;
  body: string | Uint8Array<ArrayBuffer>;
}

const MODELS = ["mts/qwen3-32b", "yandex/yandexgpt-lite", "gigachat/GigaChat-2", "tbank/T-lite-it-1.0"];

const validRequest = (random: Random) => ({
  model: random.pick(MODELS),
  max_tokens: random.int(1, 40),
  stream: random.chance(0.3),
  messages: [{ role: "user", content: `fuzz ${random.int(0, 1e6)}` }],
});

const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  "",
  "ten",
  "x".repeat(10_000),
  [],
  [null],
  [1, "a"],
  {},
  { a: 1 },
  [{}],
];

/** Fields of a chat request and values of the wrong shape for them, beyond the generic WRONG_VALUES. */
const FIELD_VALUES: Record<string, unknown[]> = {
  model: ["", "nope/none", "../../etc/passwd", "gigachat/", "/", "\u0000", "m".repeat(5_000)],
  messages: [
    [],
    [null],
    [{ role: "x" }],
    [{ role: "user" }],
    [{ role: "user", content: 5 }],
    [{ role: "tool", content: "x" }],
    [{ role: "user", content: [{ type: "image_url" }] }],
    [{ role: "user", content: [{ type: "text" }] }],
    [{ role: "assistant", tool_calls: [{ id: 1, function: {} }] }],
    Array.from({ length: 5_000 }, () => ({ role: "user", content: "m" })),
  ],
  max_tokens: [-5, 0, 1.5, "10", 1e308, 10_000_000],
  max_completion_tokens: [-1, "x", 1e12],
  temperature: ["hot", -5, 1e9, null],
  top_p: [-1, 2, "p"],
  n: [0, 1_000, -1],
  stream: ["yes", 1, null],
  stream_options: ["x", { include_usage: "yes" }],
  stop: [[1, 2], "x".repeat(10_000), Array.from({ length: 100 }, () => "s")],
  tools: [
    "x",
    [{}],
    [{ type: "function" }],
    [{ type: "function", function: { name: 5 } }],
    [{ type: "function", function: { name: "f", parameters: "p" } }],
  ],
  tool_choice: ["sometimes", { type: "function" }, { type: "function", function: { name: "missing" } }],
  response_format: [
    "json",
    { type: "json_schema" },
    { type: "json_schema", json_schema: { name: 5 } },
    { type: "nope" },
  ],
  models: [[1], "m", [], Array.from({ length: 1_000 }, () => "x/y")],
  provider: ["p", { order: 5 }, { only: [1] }, { sort: "nope" }],
  logit_bias: [{ x: "y" }, [1]],
  user: [{}, 5],
  seed: ["s", 1e400],
};

function deepValue(random: Random, depth: number): unknown {
  let value: unknown = random.pick(["leaf", 1, null, true]);
  for (let i = 0; i < depth; i++)
    value = random.chance(0.5) ? [value] : { [random.pick(["a", "type", "properties", "items", "$ref"])]: value };
  return value;
}

function randomBytes(random: Random, length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random.int(0, 255);
  return bytes;
}

const concat = (...parts: (string | Uint8Array)[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p))));

/** One malformed body, chosen and built from the seeded generator. */
export function malformedBody(random: Random): MalformedBody {
  const roll = random.next();
  if (roll < 0.1) return { kind: "random bytes", body: randomBytes(random, random.int(0, 2_000)) };
  if (roll < 0.18) {
    const text = JSON.stringify(validRequest(random));
    return { kind: "truncated JSON", body: text.slice(0, random.int(0, text.length - 1)) };
  }
  if (roll < 0.22)
    return {
      kind: "JSON that is not an object",
      body: random.pick(["", "null", "true", "1", "[]", '"str"', "1e999999", "{}", "[[[]]]", "\ufeff{}"]),
    };
  if (roll < 0.5) {
    const request: Record<string, unknown> = validRequest(random);
    const field = random.pick(Object.keys(FIELD_VALUES));
    request[field] = random.chance(0.6) ? random.pick(FIELD_VALUES[field]!) : random.pick(WRONG_VALUES);
    return { kind: `wrong ${field}`, body: JSON.stringify(request) };
  }
  if (roll < 0.58) {
    const request: Record<string, unknown> = validRequest(random);
    delete request[random.pick(["model", "messages"])];
    return { kind: "missing required field", body: JSON.stringify(request) };
  }
  if (roll < 0.7) {
    const depth = random.int(50, 2_000);
    const where = random.pick(["root", "content", "tool parameters", "json schema", "unknown field", "message"]);
    const deep = deepValue(random, depth);
    const request: Record<string, unknown> = validRequest(random);
    if (where === "root") return { kind: `nested ${depth} deep at the root`, body: JSON.stringify(deep) };
    if (where === "content") request.messages = [{ role: "user", content: deep }];
    if (where === "tool parameters")
      request.tools = [
        { type: "function", function: { name: "f", parameters: { type: "object", properties: { x: deep } } } },
      ];
    if (where === "json schema")
      request.response_format = {
        type: "json_schema",
        json_schema: { name: "s", schema: { type: "object", properties: { x: deep } } },
      };
    if (where === "unknown field") request.extra = deep;
    if (where === "message") request.messages = [{ role: "user", content: "hi", extra: deep }];
    return { kind: `nested ${depth} deep in ${where}`, body: JSON.stringify(request) };
  }
  if (roll < 0.8) {
    const text = JSON.stringify(validRequest(random));
    const cut = text.indexOf("fuzz");
    const bad = random.pick([
      Uint8Array.of(0xc3, 0x28),
      Uint8Array.of(0xff, 0xfe),
      Uint8Array.of(0xed, 0xa0, 0x80),
      Uint8Array.of(0xe2, 0x82),
      Uint8Array.of(0xf8, 0x88, 0x80, 0x80, 0x80),
    ]);
    if (random.chance(0.5))
      return { kind: "bad UTF-8 in a string", body: concat(text.slice(0, cut), bad, text.slice(cut)) };
    const escape = random.pick(["\\ud800", "\\udfff\\ud800", "\\u0000", "\\uffff", "\\x41", "\\u12"]);
    return { kind: `escape ${escape} in a string`, body: `${text.slice(0, cut)}${escape}${text.slice(cut)}` };
  }
  if (roll < 0.86) {
    const request = validRequest(random);
    return {
      kind: "prototype keys",
      body: `{"__proto__":{"model":"x","isAdmin":true},"constructor":{"prototype":{"polluted":1}},${JSON.stringify(request).slice(1)}`,
    };
  }
  if (roll < 0.9) {
    const request = validRequest(random);
    return {
      kind: "duplicate keys",
      body: `{"model":5,"messages":"x",${JSON.stringify(request).slice(1)},"max_tokens":"late"}`,
    };
  }
  if (roll < 0.985) {
    const request: Record<string, unknown> = validRequest(random);
    const size = random.int(1_000, 200_000);
    request[random.pick(["model", "user", "extra"])] = random.pick(["a", "й", "😀", "\\"]).repeat(size);
    return { kind: `a ${size}-character string`, body: JSON.stringify(request) };
  }
  const size = random.pick([1_000_000, 3_500_000, 4_500_000]);
  const request = { ...validRequest(random), messages: [{ role: "user", content: "z".repeat(size) }] };
  return { kind: `a ${size}-character message`, body: JSON.stringify(request) };
}
