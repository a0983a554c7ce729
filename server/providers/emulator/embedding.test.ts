import { describe, expect, it } from "vitest";
import { cosine } from "../../gateway/cache/cosine";
import { emulatedEmbedding, normalizeText } from "./embedding";

describe("the emulators' embedding", () => {
  it("is a deterministic unit vector of the asked dimensions", () => {
    for (const dimensions of [16, 256, 1024]) {
      const vector = emulatedEmbedding("Как сбросить пароль?", dimensions);
      expect(vector).toHaveLength(dimensions);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
      expect(emulatedEmbedding("Как сбросить пароль?", dimensions)).toEqual(vector);
    }
    expect(Math.hypot(...emulatedEmbedding("", 16))).toBeCloseTo(1, 5);
  });

  it("ignores case, punctuation, ё and word order", () => {
    expect(normalizeText("Ещё раз: ЁЖИК, привет!")).toEqual(["еще", "раз", "ежик", "привет"]);
    const a = emulatedEmbedding("Какая погода завтра в Казани?", 1024);
    expect(cosine(a, emulatedEmbedding("какая ЗАВТРА погода в казани", 1024))).toBeCloseTo(1, 5);
  });

  it("puts texts that share their words close, and texts that share none far apart", () => {
    const base = emulatedEmbedding("Как заблокировать карту?", 1024);
    expect(cosine(base, emulatedEmbedding("Как заблокировать банковскую карту?", 1024))).toBeGreaterThan(0.8);
    expect(cosine(base, emulatedEmbedding("Напиши рецепт борща", 1024))).toBeLessThan(0.2);
  });
});
