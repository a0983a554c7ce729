import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, pathBeyondDepth } from "./json-limits";

/** `depth` arrays nested in one another, as JSON.parse builds them (JSON.stringify would recurse). */
const nestedArrays = (depth: number) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;

describe("pathBeyondDepth", () => {
  it("passes scalars and values up to the limit", () => {
    for (const value of [null, 1, "x", true, undefined]) expect(pathBeyondDepth(value)).toBeNull();
    expect(pathBeyondDepth({ a: [1, { b: "c" }], d: null })).toBeNull();
    expect(pathBeyondDepth(nestedArrays(MAX_JSON_DEPTH))).toBeNull();
  });

  it("names the path to the first container past the limit", () => {
    expect(pathBeyondDepth(nestedArrays(MAX_JSON_DEPTH + 1))).toBe("0.0.0.0.0.0.0.0...");
    expect(pathBeyondDepth({ a: 1, b: [{}, { c: { d: [] } }] }, 3)).toBe("b.1.c");
    expect(pathBeyondDepth({ a: {}, b: { c: {} } }, 2)).toBe("b.c");
    expect(pathBeyondDepth(JSON.parse('{"__proto__":{"x":{}}}'), 2)).toBe("__proto__.x");
  });

  it("walks 20,000 levels without recursion and stops at the limit", () => {
    expect(pathBeyondDepth(nestedArrays(20_000))).toBe("0.0.0.0.0.0.0.0...");
    const deepObjects = JSON.parse(`${'{"k":'.repeat(20_000)}1${"}".repeat(20_000)}`) as unknown;
    expect(pathBeyondDepth(deepObjects)).toBe("k.k.k.k.k.k.k.k...");
  });

  it("starts afresh after a refused walk", () => {
    expect(pathBeyondDepth({ a: { b: { c: {} } } }, 2)).toBe("a.b");
    expect(pathBeyondDepth([[], { x: [] }], 2)).toBe("1.x");
    expect(pathBeyondDepth({ y: [1, 2] }, 2)).toBeNull();
  });
});
