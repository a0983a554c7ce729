import type { ReactNode } from "react";
import { ProvidersProvider } from "@/components/routing/providers";
import { providerForms } from "@/server/services/routing/provider-forms";

/** The routing pages name providers and build account forms from the registry's descriptors. */
export default function RoutingLayout({ children }: { children: ReactNode }) {
  return <ProvidersProvider providers={providerForms()}>{children}</ProvidersProvider>;
}
