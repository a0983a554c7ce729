import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";
import type { JsonSchema } from "./types";

/** Every `properties` entry anywhere in the document, with its JSON path. */
function fieldsOf(node: unknown, path = "#", out: [string, JsonSchema][] = []): [string, JsonSchema][] {
  if (Array.isArray(node)) node.forEach((child, i) => fieldsOf(child, `${path}/${i}`, out));
  else if (node && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) {
      if (key === "properties" && child && typeof child === "object" && !Array.isArray(child)) {
        for (const [field, schema] of Object.entries(child as Record<string, JsonSchema>)) {
          out.push([`${path}/properties/${field}`, schema]);
          fieldsOf(schema, `${path}/properties/${field}`, out);
        }
      } else fieldsOf(child, `${path}/${key}`, out);
    }
  }
  return out;
}

/** What the JSON Schema generation leaves behind and a reader should never see. */
function artefactsOf(node: unknown, path = "#", out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child, i) => artefactsOf(child, `${path}/${i}`, out));
  else if (node && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) {
      const at = `${path}/${key}`;
      if (typeof child === "number" && Math.abs(child) >= Number.MAX_SAFE_INTEGER) out.push(`${at}: ${child}`);
      if (key === "$schema" || key.startsWith("~") || key.startsWith("_zod")) out.push(at);
      // z.record's `propertyNames: {type: "string"}` says nothing (JSON keys are strings); a length limit does.
      if (key === "propertyNames" && JSON.stringify(child) === '{"type":"string"}') out.push(at);
      if (typeof child === "string" && /9007199254740991|ZodType|\[object Object\]/.test(child)) out.push(`${at}: ${child}`);
      artefactsOf(child, at, out);
    }
  }
  return out;
}

describe("the OpenAPI document's fields", () => {
  const doc = openApiDocument();
  const fields = fieldsOf(doc);

  it("has a few hundred of them, nested ones included", () => {
    expect(fields.length).toBeGreaterThan(400);
  });

  it("describes every one (a `$ref` takes its target's description)", () => {
    const undescribed = fields
      .filter(([, schema]) => !schema.$ref && (typeof schema.description !== "string" || schema.description.trim() === ""))
      .map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it("shows no internal artefacts: JavaScript number limits, zod's keys, the generator's `$schema`", () => {
    expect(artefactsOf(doc)).toEqual([]);
  });

  it("keeps the descriptions short sentences", () => {
    const long = fields.filter(([, schema]) => typeof schema.description === "string" && schema.description.length > 400);
    expect(long.map(([path]) => path)).toEqual([]);
  });
});
