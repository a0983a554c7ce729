import { describe, expect, it } from "vitest";
import { findRoute } from "./routes";

describe("findRoute", () => {
  it("finds exact paths with no parameters, and nothing for unknown ones", () => {
    expect(findRoute("/chat/completions")?.params).toEqual({});
    expect(Object.keys(findRoute("/chat/completions")!.methods)).toEqual(["POST"]);
    expect(findRoute("/chat/completions/extra")).toBeUndefined();
    expect(findRoute("/nope")).toBeUndefined();
  });
});
