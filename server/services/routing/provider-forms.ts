import type { CredentialField, Localized } from "../../providers/descriptor";
import { PROVIDERS } from "../../providers/registry";

/** What the portal's routing pages need of a provider, as plain data for client components. */
export interface ProviderForm {
  id: string;
  name: Localized;
  /** A new account's concurrency, unless a chosen option sets its own (server/providers/default-concurrency.ts). */
  concurrency: number;
  /** The account form's settings fields, in order. */
  fields: readonly CredentialField[];
}

/** Every registered provider's form, in the registry's order. */
export const providerForms = (): ProviderForm[] => PROVIDERS.map(({ id, name, concurrency, credentials }) => ({ id, name, concurrency, fields: credentials.fields }));
