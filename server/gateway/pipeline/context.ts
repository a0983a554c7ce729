import { newTimeOrderedId } from "../../ids";
import type { AppAttribution } from "../app-attribution";

/** What every stage of a request knows about it. */
export interface RequestContext {
  requestId: string;
  /** Fires when the caller goes away. */
  signal: AbortSignal;
  startedAt: number;
  /** The app the caller named (HTTP-Referer, X-Title), recorded with the request. */
  app?: AppAttribution;
}

export const newRequestId = () => newTimeOrderedId("req");
