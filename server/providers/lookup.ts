import type { Locale } from "../core/locale";
import type { Store } from "../store/types";
import { defaultConcurrency } from "./default-concurrency";
import type { ProviderDescriptor } from "./descriptor";
import { PROVIDERS } from "./registry";
import type { ModelInfo, Provider } from "./types";

// The views of the registry's list that the rest of the server reads.

export const providerIds = (): string[] => PROVIDERS.map((p) => p.id);

export const findProvider = (id: string): ProviderDescriptor | undefined => PROVIDERS.find((p) => p.id === id);

export const isProviderId = (id: string): boolean => findProvider(id) !== undefined;

/** The descriptor of a provider that must exist (an account's, a request's). */
export function requireProvider(id: string): ProviderDescriptor {
  const descriptor = findProvider(id);
  if (!descriptor) throw new Error(`unknown provider '${id}'`);
  return descriptor;
}

/** Every provider's models, for the catalog: admins may add accounts for providers the environment lacks. */
export const allModels = (): ModelInfo[] => PROVIDERS.flatMap((p) => p.models);

/** The provider's display name, or its id when it is not (or no longer) registered. */
export const providerName = (id: string, locale: Locale): string => findProvider(id)?.name[locale] ?? id;

/** One adapter for one account's settings (an admin's carry the egress policy their addresses are checked by). */
export function createProvider(id: string, settings: object, store: Store): Provider {
  return requireProvider(id).createAdapter(settings, { store });
}

/** The provider's optional per-account capabilities (descriptor.ts), bound to one account's settings. */
export function accountCapabilities(id: string, settings: object, store: Store) {
  const descriptor = requireProvider(id);
  const { listModels, thinkingSwitch } = descriptor;
  return {
    listModels: listModels && ((signal: AbortSignal) => listModels.call(descriptor, settings, { store, signal })),
    thinkingSwitch: thinkingSwitch && ((upstreamModel: string) => thinkingSwitch.call(descriptor, settings, upstreamModel)),
  };
}

/** The default concurrency of an account with these settings. */
export function accountConcurrency(id: string, settings: object): number {
  const descriptor = requireProvider(id);
  return defaultConcurrency({ concurrency: descriptor.concurrency, fields: descriptor.credentials.fields }, settings as Record<string, unknown>);
}
