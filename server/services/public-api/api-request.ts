import type { Principal } from "../../core/principal";

/** A transport-neutral API request: both doors (node:http server and Next route handler) build one. */
export interface ApiRequest {
  method: string;
  /** Path below /api/v1, e.g. "/chat/completions". */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** A request header by its lower-case name (the first, when repeated). */
  header(name: string): string | undefined;
  /** The caller's IP, when the door knows it: repeated authentication failures from it get it throttled. */
  clientIp?: string;
  /** Set by in-process callers that have already identified the user (the portal's playground). */
  principal?: Principal;
  readBody(): Promise<string>;
  signal: AbortSignal;
}
