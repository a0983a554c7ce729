import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { emulatedEmbedding } from "../../../providers/emulator/embedding";
import { DEFAULT_SEMANTIC_THRESHOLD } from "../semantic-threshold";
import { evalTable, measureSemantic } from "./measure";
import { DIFFERENT_MEANING, PARAPHRASES } from "./pairs";

const emulator = async (texts: string[]) => texts.map((text) => emulatedEmbedding(text, 1024));

describe("the semantic cache's Russian test set", () => {
  it("has 40 paraphrase pairs and 40 different-meaning pairs, none repeated", () => {
    expect(PARAPHRASES.length).toBeGreaterThanOrEqual(40);
    expect(DIFFERENT_MEANING.length).toBeGreaterThanOrEqual(40);
    for (const pairs of [PARAPHRASES, DIFFERENT_MEANING]) {
      expect(new Set(pairs.map((pair) => pair.join("|"))).size).toBe(pairs.length);
      for (const [a, b] of pairs) expect(a).not.toBe(b);
    }
  });

  it("measures with the demo emulators' embedding what docs/api/cache.md states, no false hit at the default threshold", async () => {
    const result = await measureSemantic(emulator);
    const atDefault = result.rows.find((row) => row.threshold === DEFAULT_SEMANTIC_THRESHOLD)!;
    expect(atDefault.falseHits).toBe(0);
    expect(atDefault.hits).toBeGreaterThan(0);
    // The doc's table is this measurement, row for row: a change to the embedding or the set must update it.
    const doc = await readFile(new URL("../../../../docs/api/cache.md", import.meta.url), "utf8");
    for (const line of evalTable(result, DEFAULT_SEMANTIC_THRESHOLD)) expect(doc).toContain(line);
  });

  it("answers more paraphrases and more different meanings as the threshold falls", async () => {
    const { rows } = await measureSemantic(emulator, [0.5, 0.7, 0.9]);
    expect(rows[0]!.hits).toBeGreaterThan(rows[2]!.hits);
    expect(rows[0]!.falseHits).toBeGreaterThan(rows[2]!.falseHits);
  });
});
