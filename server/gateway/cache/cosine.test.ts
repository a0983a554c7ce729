import { describe, expect, it } from "vitest";
import { cosine, nearest } from "./cosine";

describe("cosine", () => {
  it("is 1 for the same direction, 0 for orthogonal, -1 for opposite, whatever the lengths", () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine([1, 1], [-3, -3])).toBeCloseTo(-1, 12);
    expect(cosine([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
  });

  it("is 0 for a zero vector, an empty one, or vectors of different sizes", () => {
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(cosine([], [])).toBe(0);
    expect(cosine([1, 2], [1, 2, 3])).toBe(0);
  });
});

describe("nearest", () => {
  const candidates = [
    { id: "far", embedding: [0, 1] },
    { id: "close", embedding: [1, 0.2] },
    { id: "closest", embedding: [1, 0.1] },
  ];

  it("picks the most similar candidate at or above the threshold", () => {
    const best = nearest([1, 0], candidates, 0.9);
    expect(best?.item.id).toBe("closest");
    expect(best?.similarity).toBeCloseTo(1 / Math.hypot(1, 0.1), 12);
  });

  it("finds none below the threshold, and counts one exactly at it", () => {
    expect(nearest([1, 0], candidates, 0.999)).toBeUndefined();
    expect(nearest([1, 0], [], 0.5)).toBeUndefined();
    expect(nearest([1, 0], [{ embedding: [1, 0] }], 1)?.similarity).toBe(1);
  });
});
