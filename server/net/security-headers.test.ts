import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./security-headers";

describe("securityHeaders", () => {
  it("refuses sniffing and framing and trims referrers", () => {
    expect(Object.fromEntries(securityHeaders(undefined))).toEqual({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
    });
  });

  it("pins https only behind an https public URL", () => {
    expect(securityHeaders("https://xrouter.example").get("strict-transport-security")).toBe("max-age=31536000");
    expect(securityHeaders("http://xrouter.example").has("strict-transport-security")).toBe(false);
  });
});

describe("contentSecurityPolicy", () => {
  it("runs only scripts with the nonce and forbids framing", () => {
    const policy = contentSecurityPolicy("abc123==", false);
    expect(policy).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("allows eval in development only", () => {
    expect(contentSecurityPolicy("n", true)).toContain("'strict-dynamic' 'unsafe-eval';");
  });

  it("gets a new nonce every time", () => {
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(newNonce());
  });
});
