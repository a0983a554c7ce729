import { describe, expect, it } from "vitest";
import { invalidIpRanges, IpRanges, ipRanges, parseIpRange } from "./ip-ranges";
import { splitIpRanges } from "./split-ip-ranges";

describe("parseIpRange", () => {
  it("reads addresses and CIDR ranges of both families", () => {
    expect(parseIpRange("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: "ipv4" });
    expect(parseIpRange("192.0.2.7")).toEqual({ address: "192.0.2.7", prefix: 32, family: "ipv4" });
    expect(parseIpRange("2001:db8::/32")).toEqual({ address: "2001:db8::", prefix: 32, family: "ipv6" });
    expect(parseIpRange("::1")).toEqual({ address: "::1", prefix: 128, family: "ipv6" });
  });

  it.each([
    "",
    "10.0.0.0/33",
    "2001:db8::/129",
    "10.0.0.0/",
    "10.0.0.0/-1",
    "10.0.0.0/8/8",
    "10.0.0",
    "example.com",
    "fe80::1%eth0",
    "10.0.0.0/1e1",
  ])("refuses %j", (entry) => expect(parseIpRange(entry)).toBeUndefined());
});

describe("splitIpRanges and invalidIpRanges", () => {
  it("split on commas, spaces and new lines and name the bad entries", () => {
    const entries = splitIpRanges(" 10.0.0.0/8,2001:db8::/32\n\n192.0.2.7 , nope ");
    expect(entries).toEqual(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7", "nope"]);
    expect(invalidIpRanges(entries)).toEqual(["nope"]);
  });
});

describe("IpRanges", () => {
  const ranges = new IpRanges(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"]);

  it("matches addresses inside the ranges only", () => {
    expect(ranges.has("10.255.1.2")).toBe(true);
    expect(ranges.has("11.0.0.1")).toBe(false);
    expect(ranges.has("192.0.2.7")).toBe(true);
    expect(ranges.has("192.0.2.8")).toBe(false);
    expect(ranges.has("2001:db8:abcd::1")).toBe(true);
    expect(ranges.has("2001:db9::1")).toBe(false);
  });

  it("matches an IPv4 address in its IPv4-mapped IPv6 form", () => {
    expect(ranges.has("::ffff:10.1.2.3")).toBe(true);
    expect(new IpRanges(["::ffff:198.51.100.0/120"]).has("198.51.100.9")).toBe(true);
  });

  it("never matches what is not an address, and gives the same verdict when asked again", () => {
    expect(ranges.has("unknown")).toBe(false);
    expect(ranges.has("")).toBe(false);
    for (let i = 0; i < 3; i++) expect(ranges.has("10.0.0.1")).toBe(true);
  });

  it("is null for an empty list, so nothing is checked", () => {
    expect(ipRanges([])).toBeNull();
    expect(ipRanges(null)).toBeNull();
    expect(ipRanges(["10.0.0.0/8"])).toBeInstanceOf(IpRanges);
  });

  it("left with only invalid entries, matches nothing (a broken allowlist refuses rather than allows)", () => {
    expect(new IpRanges(["nope"]).has("10.0.0.1")).toBe(false);
  });
});
