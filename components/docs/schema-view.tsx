import type { Locale } from "@/server/core/locale";
import type { JsonSchema } from "@/server/gateway/openapi/types";
import { RichText } from "./rich-text";

export interface SchemaLabels {
  required: string;
  oneOf: string;
}

interface Ctx {
  root: unknown;
  locale: Locale;
  labels: SchemaLabels;
}

const MAX_DEPTH = 5;

/** Follows a local `$ref` (`#/components/schemas/X`). */
export function resolveRef<T = JsonSchema>(root: unknown, value: unknown): T {
  let node = value as { $ref?: unknown };
  for (let hops = 0; node && typeof node.$ref === "string" && hops < 10; hops++) {
    let target: unknown = root;
    for (const key of node.$ref.slice(2).split("/")) target = (target as Record<string, unknown> | undefined)?.[key];
    node = target as { $ref?: unknown };
  }
  return node as T;
}

export const refName = (value: unknown) => {
  const ref = (value as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === "string" ? ref.split("/").pop() : undefined;
};

/** The localized description of a schema, header, response or parameter. */
export function describe(node: unknown, locale: Locale): string | undefined {
  const n = node as { description?: unknown; "x-description-ru"?: unknown } | undefined;
  const text = locale === "ru" ? (n?.["x-description-ru"] ?? n?.description) : n?.description;
  return typeof text === "string" ? text : undefined;
}

const variantsOf = (s: JsonSchema) =>
  (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined) as unknown[] | undefined;

/** A short type label: `string`, `integer | null`, `"system"`, `Usage`, `object[]`… */
export function typeLabel(root: unknown, value: unknown, depth = 0): string {
  const name = refName(value);
  if (name) return name;
  const s = (value ?? {}) as JsonSchema;
  if (depth > 3) return "…";
  if ("const" in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const variants = variantsOf(s);
  if (variants) return [...new Set(variants.map((v) => typeLabel(root, v, depth + 1)))].join(" | ");
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (s.type === "array") {
    const item = typeLabel(root, s.items, depth + 1);
    return item.includes(" ") ? `(${item})[]` : `${item}[]`;
  }
  if (typeof s.type === "string") return s.type;
  return "any";
}

function constraints(s: JsonSchema): string[] {
  const out: string[] = [];
  const pairs: [string, string][] = [
    ["minimum", "≥"],
    ["maximum", "≤"],
    ["minLength", "min length"],
    ["maxLength", "max length"],
    ["minItems", "min items"],
    ["maxItems", "max items"],
    ["format", "format"],
    ["pattern", "pattern"],
  ];
  for (const [key, label] of pairs) if (s[key] !== undefined) out.push(`${label} ${String(s[key])}`);
  return out;
}

/** The object schema whose fields should be listed below a property, if any. */
function nestedOf(ctx: Ctx, value: unknown): { object?: JsonSchema; variants?: JsonSchema[] } {
  let s = resolveRef(ctx.root, value) ?? {};
  if (s.type === "array" && s.items) s = resolveRef(ctx.root, s.items) ?? {};
  const variants = variantsOf(s)
    ?.map((v) => resolveRef(ctx.root, v))
    .map((v) => (v?.type === "array" && v.items ? resolveRef(ctx.root, v.items) : v))
    .filter((v): v is JsonSchema => Boolean(v?.properties));
  if (variants && variants.length > 1) return { variants };
  if (variants?.length === 1) return { object: variants[0] };
  if (s.properties) return { object: s };
  return {};
}

/** A label for a oneOf variant: its discriminating constant, e.g. `role: "tool"`. */
function variantLabel(variant: JsonSchema, index: number): string {
  for (const [name, prop] of Object.entries((variant.properties ?? {}) as Record<string, JsonSchema>)) {
    if (prop && "const" in prop) return `${name}: ${JSON.stringify(prop.const)}`;
  }
  return `#${index + 1}`;
}

function Fields({ ctx, schema, depth }: { ctx: Ctx; schema: JsonSchema; depth: number }) {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return (
    <ul
      className={
        depth === 0
          ? "divide-y divide-slate-200 dark:divide-slate-800"
          : "mt-2 space-y-2 border-l-2 border-slate-200 pl-3 dark:border-slate-700"
      }
    >
      {Object.entries(properties).map(([name, prop]) => {
        const resolved = resolveRef(ctx.root, prop) ?? {};
        const description = describe(prop, ctx.locale) ?? describe(resolved, ctx.locale);
        const nested = depth < MAX_DEPTH ? nestedOf(ctx, prop) : {};
        const notes = constraints(
          (variantsOf(resolved)?.find((v) => (v as JsonSchema)?.type !== "null") as JsonSchema) ?? resolved,
        );
        return (
          <li key={name} className={depth === 0 ? "py-2.5" : ""} data-field={name}>
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
              <code className="font-mono text-sm font-semibold text-slate-900 dark:text-slate-100">{name}</code>
              <span className="font-mono text-xs break-all text-indigo-700 dark:text-indigo-300">
                {typeLabel(ctx.root, prop)}
              </span>
              {required.has(name) ? (
                <span className="rounded bg-rose-50 px-1.5 text-xs font-medium text-rose-700 dark:bg-rose-950 dark:text-rose-300">
                  {ctx.labels.required}
                </span>
              ) : null}
              {notes.length ? (
                <span className="text-xs text-slate-500 dark:text-slate-400">{notes.join(", ")}</span>
              ) : null}
            </div>
            {description ? (
              <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-300">
                <RichText text={description} />
              </p>
            ) : null}
            {nested.object ? <Fields ctx={ctx} schema={nested.object} depth={depth + 1} /> : null}
            {nested.variants ? (
              <div className="mt-2 border-l-2 border-slate-200 pl-3 dark:border-slate-700">
                <p className="text-xs text-slate-500 dark:text-slate-400">{ctx.labels.oneOf}</p>
                {nested.variants.map((variant, i) => (
                  <details key={i} className="mt-1">
                    <summary className="cursor-pointer py-1 font-mono text-xs text-slate-700 dark:text-slate-300">
                      {variantLabel(variant, i)}
                    </summary>
                    <Fields ctx={ctx} schema={variant} depth={depth + 2} />
                  </details>
                ))}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The fields of a JSON Schema object (following `$ref`s within the OpenAPI document), nested fields indented. */
export function SchemaView({
  root,
  schema,
  locale,
  labels,
}: {
  root: unknown;
  schema: unknown;
  locale: Locale;
  labels: SchemaLabels;
}) {
  const resolved = resolveRef(root, schema) ?? {};
  const ctx: Ctx = { root, locale, labels };
  if (!resolved.properties) {
    return <p className="font-mono text-sm">{typeLabel(root, schema)}</p>;
  }
  return <Fields ctx={ctx} schema={resolved} depth={0} />;
}
