import type { CredentialField } from "./descriptor";

/**
 * A new account's concurrency: the provider's, unless a chosen option of its settings sets its own (GigaChat's
 * PERS scope: one stream). Pure, so the admin form computes the same number as the server.
 */
export function defaultConcurrency(provider: { concurrency: number; fields: readonly CredentialField[] }, settings: Record<string, unknown>): number {
  for (const field of provider.fields) {
    const chosen = field.options?.find((option) => option.value === settings[field.name]);
    if (chosen?.concurrency !== undefined) return chosen.concurrency;
  }
  return provider.concurrency;
}
