import { describe, expect, it } from "vitest";
import { decodeFloat4Array } from "./float4-array";

/** `array_send` of a one-dimensional real[] (element type oid 700), as PostgreSQL writes it. */
function send(values: (number | null)[]): Buffer {
  const bytes = Buffer.alloc(20 + values.length * 8);
  bytes.writeInt32BE(1, 0);
  bytes.writeInt32BE(values.includes(null) ? 1 : 0, 4);
  bytes.writeInt32BE(700, 8);
  bytes.writeInt32BE(values.length, 12);
  bytes.writeInt32BE(1, 16);
  values.forEach((value, i) => {
    bytes.writeInt32BE(value === null ? -1 : 4, 20 + i * 8);
    if (value !== null) bytes.writeFloatBE(value, 24 + i * 8);
  });
  return bytes;
}

describe("decodeFloat4Array", () => {
  it("reads a one-dimensional real[] as float32 values", () => {
    expect(Array.from(decodeFloat4Array(send([0.5, -1.25, 3])))).toEqual([0.5, -1.25, 3]);
    expect(decodeFloat4Array(send([0.1]))[0]).toBeCloseTo(0.1, 7);
    // From a slice of a bigger buffer, as drivers hand bytea out.
    const inner = send([2, 4]);
    const padded = new Uint8Array(inner.length + 3);
    padded.set(inner, 3);
    expect(Array.from(decodeFloat4Array(padded.subarray(3)))).toEqual([2, 4]);
  });

  it("reads an empty array, and refuses nulls and more dimensions", () => {
    const empty = Buffer.alloc(12);
    empty.writeInt32BE(700, 8);
    expect(decodeFloat4Array(empty)).toHaveLength(0);
    expect(() => decodeFloat4Array(send([1, null]))).toThrow(/float4 element/);
    const matrix = send([1, 2]);
    matrix.writeInt32BE(2, 0);
    expect(() => decodeFloat4Array(matrix)).toThrow(/one-dimensional/);
  });
});
