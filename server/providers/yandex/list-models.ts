import type { Store } from "../../store/types";
import type { ListedModel } from "../descriptor";
import { upstreamAgent } from "../http";
import { listOpenAICompatibleModels } from "../openai-compatible/list-models";
import type { YandexProviderConfig } from "./adapter";
import { yandexCredentials } from "./auth";
import { compatAuthHeaders } from "./compat";

/** The URI schemes of the models XRouter serves, by kind. */
const KINDS: Record<string, ListedModel["kind"]> = { gpt: "chat", emb: "embedding" };

/**
 * `GET /v1/models` of the OpenAI-compatible surface, with the account's credential as its chat calls send it. The
 * list names full URIs (`gpt://<folder>/yandexgpt/latest`, `emb://<folder>/text-search-doc/latest`); the catalog's
 * upstream names are the part after the folder, and the scheme gives the kind. Other schemes are kept whole. A
 * service account's IAM token comes from the token cache the account's adapter shares through the store, so a sync
 * costs no IAM exchange while it lives.
 */
export async function listYandexModels(
  config: YandexProviderConfig,
  store: Store,
  signal: AbortSignal,
): Promise<ListedModel[]> {
  const dispatcher = upstreamAgent({ egress: config.egress });
  const credential = await yandexCredentials(config, { store, dispatcher }).current();
  const listed = await listOpenAICompatibleModels(
    {
      baseUrl: `${config.baseUrl.replace(/\/+$/, "")}/v1`,
      headers: compatAuthHeaders(credential, config.folderId),
      egress: config.egress,
    },
    signal,
  );
  return listed.map((model) => {
    const [, scheme, name] = /^([a-z]+):\/\/[^/]+\/(.+)$/.exec(model.id) ?? [];
    const kind = scheme && KINDS[scheme];
    return kind && name ? { ...model, id: name, kind } : model;
  });
}
