import { describe, expect, it } from "vitest";
import { parseScopes } from "./config";
import { s256, verifyPkce } from "./crypto";
import { callbackUrlProblem, matchRedirectUri, redirectUriProblem } from "./redirect-uri";

describe("redirect URIs", () => {
  it("registers https and loopback http only (RFC 8252), never fragments or credentials", () => {
    expect(redirectUriProblem("https://app.example.com/cb")).toBeNull();
    expect(redirectUriProblem("http://127.0.0.1/cb")).toBeNull();
    expect(redirectUriProblem("http://[::1]:8080/cb")).toBeNull();
    expect(redirectUriProblem("http://app.example.com/cb")).toMatch(/https/);
    expect(redirectUriProblem("http://localhost:3000/cb")).toMatch(/https/);
    expect(redirectUriProblem("https://app.example.com/cb#x")).toMatch(/fragment/);
    expect(redirectUriProblem("https://u:p@app.example.com/cb")).toMatch(/credentials/);
    expect(redirectUriProblem("javascript:alert(1)")).not.toBeNull();
    expect(redirectUriProblem("/relative")).not.toBeNull();
  });

  it("matches exactly, except that loopback URIs match on any port", () => {
    const registered = ["https://app.example.com/cb", "http://127.0.0.1/native"];
    expect(matchRedirectUri(registered, "https://app.example.com/cb")).toBe("https://app.example.com/cb");
    expect(matchRedirectUri(registered, "https://app.example.com/cb/")).toBeNull();
    expect(matchRedirectUri(registered, "https://app.example.com/cb?x=1")).toBeNull();
    expect(matchRedirectUri(registered, "https://APP.example.com/cb")).toBeNull();
    expect(matchRedirectUri(registered, "https://app.example.com:444/cb")).toBeNull();
    expect(matchRedirectUri(registered, "http://127.0.0.1:51234/native")).toBe("http://127.0.0.1/native");
    expect(matchRedirectUri(registered, "http://127.0.0.1:51234/other")).toBeNull();
    expect(matchRedirectUri(registered, "http://[::1]:51234/native")).toBeNull();
    expect(matchRedirectUri(registered, "http://127.0.0.1:51234/native#frag")).toBeNull();
  });

  it("accepts OpenRouter callbacks on https or localhost", () => {
    expect(callbackUrlProblem("http://localhost:3000/cb")).toBeNull();
    expect(callbackUrlProblem("https://myapp.example.com/")).toBeNull();
    expect(callbackUrlProblem("http://evil.example.com/")).not.toBeNull();
    expect(callbackUrlProblem("not a url")).not.toBeNull();
  });
});

describe("scopes and PKCE", () => {
  it("parses space-delimited scopes and refuses unknown ones", () => {
    expect(parseScopes(undefined)).toEqual(["chat"]);
    expect(parseScopes("usage:read chat")).toEqual(["chat", "usage:read"]);
    expect(parseScopes("chat admin")).toBeNull();
  });

  it("verifies S256 (RFC 7636 appendix B) and refuses malformed verifiers", () => {
    const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    expect(s256(verifier)).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    expect(verifyPkce(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).toBe(true);
    expect(verifyPkce("short", s256("short"))).toBe(false);
    expect(verifyPkce(verifier, verifier)).toBe(false);
  });
});
