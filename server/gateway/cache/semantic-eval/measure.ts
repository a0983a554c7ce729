import { cosine } from "../cosine";
import { DIFFERENT_MEANING, PARAPHRASES, type Pair } from "./pairs";

/** Embeds texts, in order (the demo emulator's embedding, or a model through a gateway). */
export type Embed = (texts: string[]) => Promise<number[][]>;

/** The thresholds the eval reports: the default and its neighbours. */
export const EVAL_THRESHOLDS = [0.8, 0.85, 0.9, 0.95];

export interface EvalRow {
  threshold: number;
  /** Paraphrase pairs at or above the threshold (a right hit). */
  hits: number;
  /** Different-meaning pairs at or above the threshold (a wrong answer). */
  falseHits: number;
}

export interface EvalResult {
  paraphrases: number;
  different: number;
  rows: EvalRow[];
}

async function similarities(embed: Embed, pairs: readonly Pair[]): Promise<number[]> {
  const vectors = await embed(pairs.flat());
  return pairs.map((_, i) => cosine(vectors[2 * i]!, vectors[2 * i + 1]!));
}

/** The semantic cache's hit rate on the paraphrases and false-hit rate on the different-meaning pairs, per threshold. */
export async function measureSemantic(embed: Embed, thresholds: readonly number[] = EVAL_THRESHOLDS): Promise<EvalResult> {
  const same = await similarities(embed, PARAPHRASES);
  const different = await similarities(embed, DIFFERENT_MEANING);
  const atOrAbove = (values: number[], threshold: number) => values.filter((s) => s >= threshold).length;
  return {
    paraphrases: same.length,
    different: different.length,
    rows: thresholds.map((threshold) => ({ threshold, hits: atOrAbove(same, threshold), falseHits: atOrAbove(different, threshold) })),
  };
}

const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} % (${n}/${of})`;

/** The result as the Markdown table docs/api/cache.md shows (the test checks the doc holds these rows). */
export function evalTable(result: EvalResult, defaultThreshold: number): string[] {
  return [
    "| threshold | paraphrases answered (hit rate) | different meaning answered (false-hit rate) |",
    "|---|---|---|",
    ...result.rows.map(
      (row) =>
        `| ${row.threshold.toFixed(2)}${row.threshold === defaultThreshold ? " (default)" : ""} | ${percent(row.hits, result.paraphrases)} | ${percent(row.falseHits, result.different)} |`,
    ),
  ];
}
