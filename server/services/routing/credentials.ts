import { findProvider, requireProvider } from "../../providers/lookup";

/**
 * Validates one provider's account settings as an admin typed them (credentials plus endpoints) by its descriptor's
 * schema; blank strings count as absent.
 */
export function parseCredentials(provider: string, input: Record<string, unknown>): Record<string, unknown> {
  const cleaned = Object.fromEntries(Object.entries(input).filter(([, v]) => !(typeof v === "string" && v.trim() === "")));
  return requireProvider(provider).credentials.schema.parse(cleaned) as Record<string, unknown>;
}

/** The part of stored settings safe to show (endpoint, scope, folder): the provider's fields neither secret nor pasted. */
export function publicSettings(provider: string, settings: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of findProvider(provider)?.credentials.fields ?? []) {
    const value = settings[field.name];
    if (!field.secret && !field.multiline && typeof value === "string") out[field.name] = value;
  }
  return out;
}
