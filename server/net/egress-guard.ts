import { lookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { IpRanges } from "./ip-ranges";

/** Where a server-side call may go when an admin, not the operator, typed the address. */
export interface EgressPolicy {
  /** XROUTER_ALLOW_PRIVATE_UPSTREAMS: loopback and private networks too (a self-hosted vLLM next door). */
  allowPrivate: boolean;
}

/**
 * Never: link-local (the cloud metadata services at 169.254.169.254 and fe80::), the metadata addresses that
 * live elsewhere (Alibaba, AWS over IPv6, Azure's WireServer), "this network", multicast and broadcast, and NAT64
 * prefixes (they would reach any IPv4 address, metadata included, through the translator).
 */
const NEVER = new IpRanges([
  "0.0.0.0/8",
  "169.254.0.0/16",
  "100.100.100.200/32",
  "168.63.129.16/32",
  "224.0.0.0/4",
  "255.255.255.255/32",
  "::/128",
  "fe80::/10",
  "fd00:ec2::254/128",
  "ff00::/8",
  "64:ff9b::/96",
  "64:ff9b:1::/48",
]);

/** Only with allowPrivate: loopback, private, shared (CGNAT), benchmarking, documentation and reserved ranges. */
const PRIVATE = new IpRanges([
  "127.0.0.0/8",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "240.0.0.0/4",
  "::1/128",
  "fc00::/7",
  "fec0::/10",
  "2001:db8::/32",
]);

/** Why `address` (an IP) may not be called under `policy`; undefined when it may. */
export function refusedAddress(address: string, policy: EgressPolicy): string | undefined {
  const ip = address.split("%")[0]!;
  if (NEVER.has(ip)) return "a link-local, metadata or reserved address";
  if (!policy.allowPrivate && PRIVATE.has(ip)) return "a private or loopback address (XROUTER_ALLOW_PRIVATE_UPSTREAMS=1 allows those)";
  return undefined;
}

export class EgressRefusedError extends Error {
  readonly code = "EGRESS_REFUSED";
  constructor(host: string, address: string, reason: string) {
    super(host === address ? `${host} is ${reason}` : `${host} resolves to ${address}, ${reason}`);
    this.name = "EgressRefusedError";
  }
}

/** Every address `hostname` resolves to, as a connection would; rejects with EgressRefusedError when one is refused. */
export function resolveAllowed(hostname: string, policy: EgressPolicy): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host)) {
    const reason = refusedAddress(host, policy);
    return reason ? Promise.reject(new EgressRefusedError(host, host, reason)) : Promise.resolve([{ address: host, family: isIP(host) }]);
  }
  return new Promise((resolve, reject) =>
    lookup(host, { all: true }, (err, addresses) => {
      if (err) return reject(err);
      for (const { address } of addresses) {
        const reason = refusedAddress(address, policy);
        if (reason) return reject(new EgressRefusedError(host, address, reason));
      }
      resolve(addresses);
    }),
  );
}

/**
 * A `lookup` for net and tls connections that refuses hosts resolving to a refused address. It runs for every
 * new connection, so a name that resolved to a public address when it was saved and to an internal one later
 * (DNS rebinding) is still refused. Literal IPs skip `lookup`: the caller checks those with refusedAddress.
 */
export function guardedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, policy).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: "ENOTFOUND" }), "");
        if (options.all) return callback(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ""),
    );
  };
}
