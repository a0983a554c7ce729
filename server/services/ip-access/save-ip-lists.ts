import type { Db } from "../../db";
import { settings } from "../../db/schema";
import { UNKNOWN_CLIENT_IP } from "../../net/client-ip";
import { invalidIpRanges } from "../../net/ip-ranges";
import { IP_LISTS_SETTING, type IpLists } from "./get-ip-lists";
import { ipAccess, refusesIp } from "./ip-access";

/** `detail` names the entries that are not ranges, or the caller's address the lists would refuse. */
export class IpListsError extends Error {
  constructor(
    readonly problem: "invalid_ip_range" | "locks_out_caller",
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = "IpListsError";
  }
}

/**
 * Replaces the admin page's lists (every instance applies them within 5 s). Refuses ranges that are not ranges, and
 * lists that would refuse `callerIp`, the admin saving them, who could then not undo it from the portal.
 */
export async function saveIpLists(db: Db, lists: IpLists, callerIp?: string): Promise<IpLists> {
  const invalid = invalidIpRanges([...lists.allow, ...lists.deny]);
  if (invalid.length > 0)
    throw new IpListsError(
      "invalid_ip_range",
      `not an IP address or CIDR range: ${invalid.join(", ")}`,
      invalid.join(", "),
    );
  if (callerIp && callerIp !== UNKNOWN_CLIENT_IP && refusesIp(ipAccess(lists), callerIp))
    throw new IpListsError("locks_out_caller", `these lists would refuse your own address (${callerIp})`, callerIp);
  const value = { allow: [...new Set(lists.allow)], deny: [...new Set(lists.deny)] };
  await db
    .insert(settings)
    .values({ key: IP_LISTS_SETTING, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  return value;
}
