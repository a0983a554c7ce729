import { newTimeOrderedId } from "../../ids";
import type { AppAttribution } from "../app-attribution";
import type { CacheHeaders } from "../cache/directive";

/** What every stage of a request knows about it. */
export interface RequestContext {
  requestId: string;
  /** Fires when the caller goes away. */
  signal: AbortSignal;
  startedAt: number;
  /** The app the caller named (HTTP-Referer, X-Title), recorded with the request. */
  app?: AppAttribution;
  /** The `x-session-id` header as sent (unchecked, never logged): planning checks it and keys affinity on it. */
  session?: string;
  /** What the caller asked of the response cache (`x-xrouter-cache`, `-ttl`), checked by cacheable endpoints only. */
  cacheHeaders?: CacheHeaders;
}

export const newRequestId = () => newTimeOrderedId("req");
