import { getConfig } from "../../config";
import { getDb } from "../../db";
import { getLogger } from "../../logging/logger";
import { ipRanges, type IpRanges } from "../../net/ip-ranges";
import { getIpLists, type IpLists } from "./get-ip-lists";

export interface IpAccess {
  allow: IpRanges | null;
  deny: IpRanges | null;
}

/** XROUTER_IP_ALLOW and XROUTER_IP_DENY: they apply on top of the admin page's lists and cannot be edited there. */
export function environmentIpLists(): IpLists {
  const config = getConfig();
  return { allow: config.XROUTER_IP_ALLOW, deny: config.XROUTER_IP_DENY };
}

/** The environment's lists and the admin page's together. */
export function ipAccess(lists: IpLists, environment = environmentIpLists()): IpAccess {
  return {
    allow: ipRanges([...environment.allow, ...lists.allow]),
    deny: ipRanges([...environment.deny, ...lists.deny]),
  };
}

/** Deny wins; a non-empty allow list admits only its addresses; with neither, everyone is admitted. */
export function refusesIp(access: IpAccess, ip: string): boolean {
  return access.deny?.has(ip) === true || (access.allow !== null && !access.allow.has(ip));
}

const RELOAD_MS = 2_000;

let current: IpAccess = { allow: null, deny: null };
let currentLists = "";
let reloadTimer: NodeJS.Timeout | undefined;

/** Reads the lists again; unchanged lists keep their ranges (and the verdicts they remember). */
export async function reloadIpAccess(): Promise<void> {
  const lists = await getIpLists(await getDb());
  const text = JSON.stringify(lists);
  if (text === currentLists) return;
  current = ipAccess(lists);
  currentLists = text;
}

/**
 * server.ts, at start: loads the lists, then reloads them every 2 s, so a change on the admin page holds on every
 * instance within 5 s. A timer rather than reloadingValue: the check runs on every request and stays synchronous
 * (no promise per request), and an instance idle for a while must not judge its next request by an old list.
 * A failed reload keeps the lists it had.
 */
export async function keepIpAccessLoaded(): Promise<void> {
  await reloadIpAccess();
  reloadTimer ??= setInterval(
    () =>
      reloadIpAccess().catch((err: unknown) =>
        getLogger().warn({ err }, "could not reload the IP allow and deny lists"),
      ),
    RELOAD_MS,
  ).unref();
}

/** Whether the lists refuse this client IP (synchronous: asked for every request). */
export function isIpRefused(ip: string): boolean {
  return refusesIp(current, ip);
}
