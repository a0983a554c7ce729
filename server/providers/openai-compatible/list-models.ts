import { UpstreamError } from "../../core/upstream-error";
import type { EgressPolicy } from "../../net/egress-guard";
import type { ListedModel } from "../descriptor";
import { readJson, upstreamAgent, upstreamRequest } from "../http";
import { upstreamErrorFromResponse } from "./upstream-error";

export interface ModelListSource {
  /** The API base the list is under: `GET <baseUrl>/models`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer` (a self-hosted vLLM may have none). */
  apiKey?: string;
  /** Other headers (Yandex's folder). */
  headers?: Record<string, string>;
  egress?: EgressPolicy;
}

interface WireModelList {
  data?: { id?: unknown; max_model_len?: unknown }[];
}

/**
 * `GET /models` of an OpenAI-compatible upstream: `{"data":[{"id": …}, …]}`, with vLLM's `max_model_len` as the
 * context when present. `toId` maps a listed id to the catalog's upstream name (Yandex lists full `gpt://` URIs).
 */
export async function listOpenAICompatibleModels(
  source: ModelListSource,
  signal: AbortSignal,
  toId: (id: string) => string = (id) => id,
): Promise<ListedModel[]> {
  const res = await upstreamRequest(`${source.baseUrl.replace(/\/+$/, "")}/models`, {
    headers: {
      accept: "application/json",
      ...(source.apiKey && { authorization: `Bearer ${source.apiKey}` }),
      ...source.headers,
    },
    signal,
    dispatcher: upstreamAgent({ egress: source.egress }),
  });
  if (res.statusCode >= 400) throw await upstreamErrorFromResponse(res);
  const body = await readJson<WireModelList>(res);
  if (!Array.isArray(body.data)) throw new UpstreamError(502, "the model list has no data array");
  return body.data.flatMap((entry) => {
    if (typeof entry?.id !== "string" || entry.id === "") return [];
    const context = entry.max_model_len;
    return [{ id: toId(entry.id), ...(Number.isInteger(context) && (context as number) > 0 && { contextLength: context as number }) }];
  });
}
