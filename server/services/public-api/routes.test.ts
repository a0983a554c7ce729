import { describe, expect, it } from "vitest";
import { findRoute } from "./routes";

describe("findRoute", () => {
  it("finds exact paths with no parameters, and nothing for unknown ones", () => {
    expect(findRoute("/chat/completions")?.params).toEqual({});
    expect(Object.keys(findRoute("/chat/completions")!.methods)).toEqual(["POST"]);
    expect(findRoute("/chat/completions/extra")).toBeUndefined();
    expect(findRoute("/nope")).toBeUndefined();
  });

  it("matches a pattern path and decodes its parameter", () => {
    const found = findRoute("/responses/resp_abc%2D1");
    expect(found?.params).toEqual({ id: "resp_abc-1" });
    expect(Object.keys(found!.methods).sort()).toEqual(["DELETE", "GET"]);
    expect(Object.keys(findRoute("/responses")!.methods)).toEqual(["POST"]);
    expect(findRoute("/responses/resp_1/extra")).toBeUndefined();
  });

  it("matches nothing for a malformed percent-encoding or an empty parameter", () => {
    expect(findRoute("/responses/resp_%E0%A4%A")).toBeUndefined();
    expect(findRoute("/responses/%")).toBeUndefined();
    expect(findRoute("/responses/")).toBeUndefined();
  });
});
