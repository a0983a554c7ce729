/**
 * True when a string anywhere in a procedure's input holds a NUL character: Postgres text can neither store nor
 * compare one, so such an input would fail inside a query instead of being refused as bad input.
 */
export function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object" || depth > 32) return false;
  return Object.values(value).some((inner) => holdsNul(inner, depth + 1));
}
