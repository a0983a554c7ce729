import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config";
import {
  CLIENT_IP_HEADER,
  clientIp,
  requestClientIp,
  stampClientIp,
  stampedClientIp,
  UNKNOWN_CLIENT_IP,
} from "./client-ip";
import { IpRanges } from "./ip-ranges";

const proxies = new IpRanges(["10.0.0.0/8", "2001:db8:1::/48"]);

describe("clientIp", () => {
  it("is the socket address when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientIp("203.0.113.5", "198.51.100.1", null)).toBe("203.0.113.5");
    expect(clientIp("10.0.0.7", "198.51.100.1", null)).toBe("10.0.0.7");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientIp("203.0.113.5", "198.51.100.1", proxies)).toBe("203.0.113.5");
  });

  it("through a trusted proxy, is the hop the proxy appended, not a forged one on the left", () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    expect(clientIp("10.0.0.7", "1.1.1.1, 198.51.100.9", proxies)).toBe("198.51.100.9");
    expect(clientIp("10.0.0.7", "198.51.100.9", proxies)).toBe("198.51.100.9");
  });

  it("skips every trusted hop from the right, IPv4 and IPv6", () => {
    expect(clientIp("10.0.0.7", "1.1.1.1, 2001:db8:ffff::1, 10.2.3.4, 2001:db8:1::5", proxies)).toBe(
      "2001:db8:ffff::1",
    );
    expect(clientIp("2001:db8:1::1", "198.51.100.9,10.1.1.1", proxies)).toBe("198.51.100.9");
  });

  it("is the left-most hop when every hop is trusted, and the proxy itself without the header", () => {
    expect(clientIp("10.0.0.7", "10.9.9.9, 10.0.0.8", proxies)).toBe("10.9.9.9");
    expect(clientIp("10.0.0.7", undefined, proxies)).toBe("10.0.0.7");
  });

  it("stops at a hop that is not an address (never believes garbage or what lies left of it)", () => {
    expect(clientIp("10.0.0.7", "198.51.100.9, evil, 10.0.0.8", proxies)).toBe("10.0.0.8");
    expect(clientIp("10.0.0.7", "", proxies)).toBe("10.0.0.7");
    expect(clientIp("10.0.0.7", "1.1.1.1, ", proxies)).toBe("10.0.0.7");
  });

  it("writes IPv4 clients of a dual-stack socket plainly, and trusts their mapped form", () => {
    expect(clientIp("::ffff:203.0.113.5", undefined, null)).toBe("203.0.113.5");
    expect(clientIp("::ffff:10.0.0.7", "198.51.100.9", proxies)).toBe("198.51.100.9");
  });

  it("is unknown when the socket has no address any more", () => {
    expect(clientIp(undefined, "198.51.100.9", proxies)).toBe(UNKNOWN_CLIENT_IP);
  });
});

describe("requestClientIp over a real socket", () => {
  it("believes X-Forwarded-For from a trusted proxy (XROUTER_TRUSTED_PROXIES)", async () => {
    (globalThis as { __xrouterConfig?: unknown }).__xrouterConfig = parseConfig({
      XROUTER_TRUSTED_PROXIES: "127.0.0.1/32",
    });
    const server = createServer((req, res) => res.end(requestClientIp(req)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        headers: { "x-forwarded-for": "1.1.1.1, 198.51.100.9" },
      });
      expect(await res.text()).toBe("198.51.100.9");
    } finally {
      server.close();
    }
  });
});

describe("the stamp for Next", () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

  it("is not believed until server.ts stamps requests (`next dev`: the client could send it)", () => {
    expect(stampedClientIp("198.51.100.9")).toBe(UNKNOWN_CLIENT_IP);
  });

  it("replaces a copy the client sent, and is believed from then on", () => {
    const req = request({ [CLIENT_IP_HEADER]: "1.1.1.1" });
    stampClientIp(req, "198.51.100.9");
    expect(req.headers[CLIENT_IP_HEADER]).toBe("198.51.100.9");
    expect(stampedClientIp(req.headers[CLIENT_IP_HEADER])).toBe("198.51.100.9");
    expect(stampedClientIp(undefined)).toBe(UNKNOWN_CLIENT_IP);
  });
});

describe("the network settings", () => {
  it("cap connections per address at 256 unless told otherwise (0: no cap)", () => {
    expect(parseConfig({}).XROUTER_MAX_CONNECTIONS_PER_IP).toBe(256);
    expect(parseConfig({ XROUTER_MAX_CONNECTIONS_PER_IP: "0" }).XROUTER_MAX_CONNECTIONS_PER_IP).toBe(0);
    expect(() => parseConfig({ XROUTER_MAX_CONNECTIONS_PER_IP: "-1" })).toThrow(ConfigError);
  });

  it("take IPv4 and IPv6 addresses and ranges separated by commas or spaces, none by default", () => {
    expect(parseConfig({}).XROUTER_TRUSTED_PROXIES).toEqual([]);
    expect(
      parseConfig({ XROUTER_TRUSTED_PROXIES: "10.0.0.0/8, 2001:db8::/32 192.0.2.7" }).XROUTER_TRUSTED_PROXIES,
    ).toEqual(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);
  });

  it.each(["XROUTER_TRUSTED_PROXIES", "XROUTER_IP_ALLOW", "XROUTER_IP_DENY"])(
    "%s refuses what is not a range, naming it",
    (name) => {
      expect(() => parseConfig({ [name]: "10.0.0.0/8, 10.0.0.0/33" })).toThrow(
        new ConfigError(name, "not an IP address or CIDR range: 10.0.0.0/33"),
      );
    },
  );
});
