import { getMessages } from "@/components/i18n/server";
import { Playground, type PlaygroundModel } from "@/components/playground/playground";
import { Alert } from "@/components/ui/alert";
import { PageTitle } from "@/components/ui/card";
import { getCatalog } from "@/server/core/catalog";
import { playgroundMessages } from "../../../components/playground/messages";
import { pageMetadata } from "@/components/layout/page-title";

export const generateMetadata = pageMetadata("playground");

export default async function PlaygroundPage() {
  const [m, catalog] = await Promise.all([getMessages(playgroundMessages), getCatalog()]);
  const models: PlaygroundModel[] = [...catalog.values()]
    .filter((model) => model.kind === "chat")
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id))
    .map((model) => ({
      id: model.id,
      name: model.name,
      provider: model.provider,
      inputMicroPer1M: model.price.inputMicroPer1M,
      outputMicroPer1M: model.price.outputMicroPer1M,
      tools: model.features.tools,
    }));
  return (
    <div className="flex flex-col">
      <PageTitle description={m.lead}>{m.title}</PageTitle>
      {models.length ? <Playground models={models} /> : <Alert tone="warning">{m.noModels}</Alert>}
    </div>
  );
}
