import { z } from "zod";

/** Where a parsed request keeps the names of the fields it came with that XRouter does not honour. */
const IGNORED = Symbol("ignored request fields");
type Noticed = { [IGNORED]?: string[] };

/** Header-safe and bounded: names go out in `x-xrouter-dropped-params`, so an odd one is percent-encoded. */
const MAX_NAMES = 32;
const headerName = (name: string) => encodeURIComponent(name.slice(0, 64));

/**
 * `schema`, except that the fields it does not define are noted instead of silently stripped: `ignoredFields(req)`
 * names them, for `x-xrouter-dropped-params`. The parsed request holds only the schema's fields (the names sit
 * under a symbol key, which neither JSON nor Object.entries sees). For any endpoint with an object schema:
 * chat completions, embeddings, Responses, Messages.
 */
export function noticingUnknownFields<S extends z.ZodObject>(schema: S): z.ZodType<z.output<S>, z.input<S>> {
  return schema.catchall(z.unknown()).transform((parsed) => {
    const known: Record<string | symbol, unknown> = {};
    const ignored: string[] = [];
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (Object.hasOwn(schema.shape, name)) known[name] = value;
      else ignored.push(name);
    }
    if (ignored.length) known[IGNORED] = ignored.slice(0, MAX_NAMES).map(headerName);
    return known as z.output<S>;
  }) as unknown as z.ZodType<z.output<S>, z.input<S>>;
}

/** The names noticingUnknownFields noted on a parsed request (empty when none, or for a request parsed otherwise). */
export const ignoredFields = (req: object): string[] => (req as Noticed)[IGNORED] ?? [];

/** Several dropped-parameter lists as one, each name once, in first-seen order. */
export const droppedParams = (...lists: string[][]): string[] => [...new Set(lists.flat())];
