import { newTimeOrderedId } from "../../ids";

/** What every stage of a request knows about it. */
export interface RequestContext {
  requestId: string;
  /** Fires when the caller goes away. */
  signal: AbortSignal;
  startedAt: number;
}

export const newRequestId = () => newTimeOrderedId("req");
