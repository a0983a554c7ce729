import { z } from "zod";
import type { JsonSchema, OpenApiMediaType } from "./types";

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const d = (en: string, ru: string) => ({ description: en, "x-description-ru": ru });

/** A zod request schema as a component: JSON Schema 2020-12 of what the gateway accepts (its input side). */
export function fromZod(schema: z.ZodType, fields: Record<string, [en: string, ru: string]>): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  dropZodArtefacts(json);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, [en, ru]] of Object.entries(fields)) {
    if (properties[name]) Object.assign(properties[name], d(en, ru));
  }
  return json;
}

/**
 * zod's `.int()` adds ±Number.MAX_SAFE_INTEGER bounds (JavaScript's limit, not the API's) and `z.record` adds
 * `propertyNames: {type: "string"}` (every JSON key is a string): the reference leaves both out.
 */
function dropZodArtefacts(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(dropZodArtefacts);
  if (!node || typeof node !== "object") return;
  const schema = node as Record<string, unknown>;
  for (const bound of ["minimum", "maximum"]) {
    if (typeof schema[bound] === "number" && Math.abs(schema[bound]) >= Number.MAX_SAFE_INTEGER) delete schema[bound];
  }
  const names = schema.propertyNames as Record<string, unknown> | undefined;
  if (names && Object.keys(names).length === 1 && names.type === "string") delete schema.propertyNames;
  Object.values(schema).forEach(dropZodArtefacts);
}

export const json = (schema: JsonSchema, example?: unknown): Record<string, OpenApiMediaType> => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});
