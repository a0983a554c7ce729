import { UpstreamError } from "../../core/upstream-error";
import type { ListedModel } from "../descriptor";
import { readJson, upstreamAgent, upstreamRequest } from "../http";
import type { GigaChatProviderConfig } from "./adapter";
import { GigaChatTokenManager } from "./auth";

interface WireModelList {
  data?: { id?: unknown; type?: unknown }[];
}

/** GigaChat's model types that XRouter serves; `filter` and `aicheck` models have no chat or embeddings surface. */
const KINDS: Record<string, ListedModel["kind"]> = { chat: "chat", embedder: "embedding" };

/**
 * `GET /models` (providers.md §1.8): `{"data":[{"id":"GigaChat-2-Max","type":"chat"}, …]}`. Older servers omit
 * `type`; those entries are kept without a kind. The token comes from the account's token cache in the store, the
 * one its adapter uses, so a sync costs no extra OAuth call while that token lives.
 */
export async function listGigaChatModels(config: GigaChatProviderConfig, signal: AbortSignal): Promise<ListedModel[]> {
  const dispatcher = upstreamAgent({ ca: config.caBundle, egress: config.egress });
  const tokens = new GigaChatTokenManager({ ...config, dispatcher });
  const res = await upstreamRequest(`${config.baseUrl.replace(/\/+$/, "")}/models`, {
    headers: { authorization: `Bearer ${await tokens.getToken()}`, accept: "application/json" },
    signal,
    dispatcher,
  });
  if (res.statusCode >= 400) {
    await res.body.dump();
    throw new UpstreamError(res.statusCode, `GigaChat: the model list answered HTTP ${res.statusCode}`);
  }
  const body = await readJson<WireModelList>(res);
  if (!Array.isArray(body.data)) throw new UpstreamError(502, "GigaChat: the model list has no data array");
  return body.data.flatMap((entry) => {
    if (typeof entry?.id !== "string" || entry.id === "") return [];
    if (entry.type === undefined) return [{ id: entry.id }];
    const kind = typeof entry.type === "string" ? KINDS[entry.type] : undefined;
    return kind ? [{ id: entry.id, kind }] : [];
  });
}
