import { BlockList, isIP } from "node:net";

export interface IpRange {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** An IP address or CIDR range as people write them: `10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7` (one address). */
export function parseIpRange(entry: string): IpRange | undefined {
  const slash = entry.indexOf("/");
  const address = slash < 0 ? entry : entry.slice(0, slash);
  // A zone id (`fe80::1%eth0`) names a local interface, which means nothing in a list shared by instances.
  const version = address.includes("%") ? 0 : isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = slash < 0 ? max : /^\d{1,3}$/.test(entry.slice(slash + 1)) ? Number(entry.slice(slash + 1)) : NaN;
  if (!(prefix <= max)) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** The entries that are neither an IP address nor a CIDR range. */
export function invalidIpRanges(entries: readonly string[]): string[] {
  return entries.filter((entry) => !parseIpRange(entry));
}

/** Verdicts remembered per list; past this the memory starts over (a flood of new addresses only costs checks). */
const MAX_REMEMBERED = 10_000;

/**
 * A set of IPv4 and IPv6 ranges asked about client addresses. An IPv4 address also matches its IPv4-mapped IPv6
 * form and the other way round (node:net's BlockList does that). Verdicts are remembered because every BlockList
 * check of a string builds a SocketAddress (about 2 µs), while a client asks again and again from one address.
 */
export class IpRanges {
  private readonly blocks = new BlockList();
  private readonly verdicts = new Map<string, boolean>();

  /** Entries that are not ranges are left out (inputs are validated where they are typed). */
  constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      const range = parseIpRange(entry);
      if (range) this.blocks.addSubnet(range.address, range.prefix, range.family);
    }
  }

  /** Whether `ip` falls in one of the ranges; anything that is not an IP address (e.g. "unknown") never does. */
  has(ip: string): boolean {
    let verdict = this.verdicts.get(ip);
    if (verdict === undefined) {
      verdict = this.blocks.check(ip, ip.includes(":") ? "ipv6" : "ipv4");
      if (this.verdicts.size >= MAX_REMEMBERED) this.verdicts.clear();
      this.verdicts.set(ip, verdict);
    }
    return verdict;
  }
}

/** The ranges of a list, or null for an empty one, so the hot path skips lists nobody set. */
export function ipRanges(entries: readonly string[] | null | undefined): IpRanges | null {
  return entries && entries.length > 0 ? new IpRanges(entries) : null;
}
