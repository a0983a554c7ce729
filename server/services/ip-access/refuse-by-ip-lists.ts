import type { ServerResponse } from "node:http";
import { refuseNodeApi } from "../public-api/doors";
import { GatewayError } from "../../core/errors";
import { getMetrics } from "../../metrics/registry";
import { isIpRefused } from "./ip-access";

/** Probes answer whatever the lists say: the orchestrator that sends them is seldom on an allow list. */
const UNLISTED_PATHS = new Set(["/api/health", "/api/ready"]);

/**
 * server.ts, first for every request, before any authentication: when the IP lists refuse the client, answers
 * 403 (`ip_denied` in OpenAI's shape for the API, a plain page for the rest) and returns true.
 */
export function refuseByIpLists(res: ServerResponse, ip: string, pathname: string, api: boolean): boolean {
  if (!isIpRefused(ip) || UNLISTED_PATHS.has(pathname)) return false;
  getMetrics().blockedRequests.inc({ reason: "ip_denied" });
  if (api)
    refuseNodeApi(
      res,
      new GatewayError(403, "requests from your address are not allowed", "permission_error", "ip_denied"),
    );
  else
    res
      .writeHead(403, { "content-type": "text/plain; charset=utf-8", connection: "close" })
      .end("403 Forbidden: requests from your address are not allowed.\n");
  return true;
}
