import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages as errorMessages } from "@/app/(docs)/docs/errors/messages";
import { startTestApi, type TestApi } from "../../testing/api-server";
import { ERROR_CODES } from "../../core/error-codes";
import { openApiDocument } from "./document";
import type { JsonSchema } from "./types";

/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") out.push(child);
      else refsIn(child, out);
    }
  }
  return out;
}

/** Resolves a local JSON pointer (`#/components/schemas/Usage`) inside the document. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object" || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("is an OpenAPI 3.1 document with info, a relative server and bearer auth", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.servers[0]!.url).toBe("/api/v1");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("is computed once", () => {
    expect(openApiDocument()).toBe(doc);
  });

  it("resolves every $ref within the document", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(resolvePointer(doc, ref), ref).toBeDefined();
  });

  it("describes every route of the gateway, each operation with responses and a 2xx", () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/batches",
      "/batches/{id}",
      "/batches/{id}/cancel",
      "/cache",
      "/chat/completions",
      "/credits",
      "/embeddings",
      "/files",
      "/files/{id}",
      "/files/{id}/content",
      "/generation",
      "/key",
      "/messages",
      "/messages/count_tokens",
      "/models",
      "/models/{id}",
      "/openapi.json",
      "/responses",
      "/responses/{id}",
    ]);
    for (const [path, methods] of Object.entries(doc.paths)) {
      const operations = Object.values(methods);
      expect(operations.length, path).toBeGreaterThan(0);
      for (const op of operations) {
        expect(Object.keys(op.responses).length, path).toBeGreaterThan(1);
        expect(op.responses["200"], path).toBeDefined();
      }
    }
    expect(doc.paths["/chat/completions"]?.post).toBeDefined();
    expect(doc.paths["/embeddings"]?.post).toBeDefined();
    expect(doc.paths["/models"]?.get?.security).toEqual([]);
    expect(doc.paths["/generation"]?.get?.parameters?.[0]).toMatchObject({ name: "id", in: "query", required: true });
  });

  it("generates the chat request schema from the zod schema: messages and model are required", () => {
    const chat = doc.components.schemas.ChatCompletionRequest!;
    expect(chat.required).toEqual(expect.arrayContaining(["model", "messages"]));
    const props = chat.properties as Record<string, JsonSchema>;
    expect(props.messages).toMatchObject({ type: "array", minItems: 1 });
    expect(props.temperature).toBeDefined();
    expect(chat.$schema).toBeUndefined();
    const embeddings = doc.components.schemas.EmbeddingsRequest!;
    expect(embeddings.required).toEqual(expect.arrayContaining(["model", "input"]));
    expect((embeddings.properties as Record<string, JsonSchema>).encoding_format).toMatchObject({
      enum: ["float", "base64"],
    });
  });

  it("shows no JavaScript number limits (zod's ±Number.MAX_SAFE_INTEGER on integers)", () => {
    const bounds: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== "object") return;
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === "number" && Math.abs(value) >= Number.MAX_SAFE_INTEGER) bounds.push(`${path}.${key}`);
        walk(value, `${path}.${key}`);
      }
    };
    walk(doc, "#");
    expect(bounds).toEqual([]);
    // The integers themselves are still documented as integers.
    expect((doc.components.schemas.ChatCompletionRequest!.properties as Record<string, JsonSchema>).seed).toMatchObject({ anyOf: [{ type: "integer" }, { type: "null" }] });
  });

  // The request bodies' own fields (what callers write) in both languages; every field in English: field-docs.test.ts.
  it.each(["ChatCompletionRequest", "EmbeddingsRequest", "MessagesRequest", "CountTokensRequest", "ResponseRequest"])(
    "describes every field of %s in English and Russian",
    (name) => {
      const props = doc.components.schemas[name]!.properties as Record<string, JsonSchema>;
      const undescribed = Object.entries(props).filter(([, p]) => !p.description || !p["x-description-ru"]).map(([field]) => field);
      expect(undescribed).toEqual([]);
    },
  );

  it("answers streams as chat.completion.chunk events and documents the routing headers", () => {
    const ok = doc.paths["/chat/completions"]!.post!.responses["200"] as {
      content: Record<string, unknown>;
      headers: Record<string, unknown>;
    };
    expect(Object.keys(ok.content)).toEqual(["application/json", "text/event-stream"]);
    for (const name of [
      "x-request-id",
      "x-xrouter-provider",
      "x-xrouter-model",
      "x-xrouter-dropped-params",
      "x-ratelimit-remaining-requests",
    ])
      expect(ok.headers[name], name).toBeDefined();
  });

  it("has an OpenAI-shaped error response for every status the gateway returns", () => {
    const statuses = Object.keys(doc.paths["/chat/completions"]!.post!.responses);
    for (const status of ["400", "401", "403", "404", "405", "413", "429", "502", "503", "504"])
      expect(statuses).toContain(status);
    for (const { status } of ERROR_CODES) expect(statuses).toContain(String(status));
    const error = doc.components.schemas.Error!;
    expect((error.properties as Record<string, JsonSchema>).error!.required).toEqual([
      "message",
      "type",
      "code",
      "param",
    ]);
  });
});

describe("the errors page", () => {
  it("explains every error code in Russian and English", () => {
    for (const locale of ["ru", "en"] as const) {
      const texts = errorMessages[locale] as Record<string, string>;
      for (const { code } of ERROR_CODES) {
        expect(texts[`meaning_${code}`], `${locale} meaning_${code}`).toBeTruthy();
        expect(texts[`action_${code}`], `${locale} action_${code}`).toBeTruthy();
      }
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it("serves the document publicly, with a request id", async () => {
    const res = await fetch(`${api.baseURL}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("documents only routes the gateway has (none answers route_not_found)", async () => {
    for (const path of Object.keys(openApiDocument().paths)) {
      const res = await fetch(`${api.baseURL}${path}`, { method: "DELETE" });
      // 405 where DELETE is not a method of the path; 401 (no key) where it is (DELETE /responses/{id}).
      expect([401, 405], path).toContain(res.status);
    }
  });

  it("answers other methods with 405 and an Allow header", async () => {
    const res = await fetch(`${api.baseURL}/openapi.json`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(await res.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});
