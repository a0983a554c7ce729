"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useLocale } from "@/components/i18n/client";
import type { ProviderForm } from "@/server/services/routing/provider-forms";

const ProvidersContext = createContext<readonly ProviderForm[]>([]);

/** The registered providers (names, account form fields), handed down from a server layout. */
export function ProvidersProvider({ providers, children }: { providers: readonly ProviderForm[]; children: ReactNode }) {
  return <ProvidersContext.Provider value={providers}>{children}</ProvidersContext.Provider>;
}

export function useProviders(): readonly ProviderForm[] {
  return useContext(ProvidersContext);
}

/** A provider's display name in the reader's language; the id for one no longer registered. */
export function useProviderName(): (id: string) => string {
  const providers = useProviders();
  const locale = useLocale();
  return (id) => providers.find((p) => p.id === id)?.name[locale] ?? id;
}
