import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./same-origin-path";

const ORIGIN = "http://127.0.0.1:3000";

describe("sameOriginPath", () => {
  it.each([
    ["/keys", "/keys"],
    ["/oauth/authorize?client_id=app_1&scope=chat#top", "/oauth/authorize?client_id=app_1&scope=chat#top"],
    ["http://127.0.0.1:3000/account", "/account"],
    ["/.//evil.example", "/evil.example"],
  ])("keeps %s on the site as %s", (next, path) => {
    expect(sameOriginPath(next, ORIGIN)).toBe(path);
  });

  it.each([
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "\\\\evil.example",
    "https://evil.example/keys",
    "http://127.0.0.1:3001/keys",
    "javascript:alert(1)",
    "http://[::1",
  ])("refuses %j", (next) => {
    expect(sameOriginPath(next, ORIGIN)).toBeUndefined();
  });

  it("has nothing to say about a missing parameter", () => {
    expect(sameOriginPath(null, ORIGIN)).toBeUndefined();
    expect(sameOriginPath("", ORIGIN)).toBeUndefined();
  });
});
