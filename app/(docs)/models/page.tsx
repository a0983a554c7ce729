import type { Metadata } from "next";
import { ModelCatalog } from "@/components/docs/model-catalog";
import { getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { CATALOG_PROVIDERS, listCatalog } from "@/server/services/catalog/list-catalog";
import { messages } from "./messages";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(messages)).metaTitle };
}

export default async function ModelsPage() {
  const [m, models] = await Promise.all([getMessages(messages), listCatalog()]);
  const providers: { id: string; name: string }[] = CATALOG_PROVIDERS.map((p) => ({ id: p.id, name: p.name }));
  for (const model of models) {
    if (!providers.some((p) => p.id === model.provider))
      providers.push({ id: model.provider, name: model.providerName });
  }
  return (
    <>
      <PageTitle description={m.description}>{m.title}</PageTitle>
      {models.some((model) => model.pricing.status === "estimate") ? (
        <p className="-mt-3 mb-5 text-sm text-slate-600 dark:text-slate-400">{m.estimateNote}</p>
      ) : null}
      <ModelCatalog models={models} providers={providers} />
    </>
  );
}
