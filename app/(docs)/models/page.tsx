import type { Metadata } from "next";
import { ModelCatalog } from "@/components/docs/model-catalog";
import { format } from "@/server/core/locale";
import { formatNumber } from "@/server/core/format/number";
import { getLocale, getMessages } from "@/components/i18n/server";
import { PageTitle } from "@/components/ui/card";
import { catalogProviders, listCatalog } from "@/server/services/catalog/list-catalog";
import { messages } from "./messages";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages(messages)).metaTitle };
}

export default async function ModelsPage() {
  const locale = await getLocale();
  const [m, models] = await Promise.all([getMessages(messages), listCatalog(locale)]);
  // The markup is global: every entry carries the same percentage.
  const markupPercent = models.find((model) => model.markupPercent !== 0)?.markupPercent ?? 0;
  const estimate = models.some((model) => model.pricing.status === "estimate");
  const percent = formatNumber(markupPercent, locale, { maximumFractionDigits: 2 });
  const providers = catalogProviders(locale);
  for (const model of models) {
    if (!providers.some((p) => p.id === model.provider))
      providers.push({ id: model.provider, name: model.providerName });
  }
  return (
    <>
      <PageTitle description={m.description}>{m.title}</PageTitle>
      {estimate || markupPercent !== 0 ? (
        <div className="-mt-3 mb-5 flex flex-col gap-1 text-sm text-slate-600 dark:text-slate-400">
          {markupPercent !== 0 ? <p data-testid="markup-note">{format(m.markupNote, { percent })}</p> : null}
          {estimate ? <p>{m.estimateNote}</p> : null}
        </div>
      ) : null}
      <ModelCatalog models={models} providers={providers} />
    </>
  );
}
