import { roundLinesToKopecks } from "./money";

/** One line of a УПД's detail appendix: a model used through a key in the period, its requests and charges. */
export interface UpdLine {
  model: string;
  keyName: string;
  requests: number;
  /** The charges as booked, exact micro-rubles (VAT included). */
  amountMicro: number;
}

export interface UpdAppendix {
  /** The lines in the given order, each in whole kopecks (largest remainder: they add up to the total). */
  rows: UpdLine[];
  requests: number;
  /** The lines' sum rounded once half-up to kopecks: the УПД's total. */
  amountMicro: number;
}

/** The appendix of a УПД: its lines rounded to kopecks so they add up exactly to the document's total. */
export function updAppendix(lines: readonly UpdLine[]): UpdAppendix {
  const kopecks = roundLinesToKopecks(lines.map((line) => line.amountMicro));
  const rows = lines.map((line, i) => ({ ...line, amountMicro: kopecks[i]! }));
  return {
    rows,
    requests: rows.reduce((sum, row) => sum + row.requests, 0),
    amountMicro: kopecks.reduce((sum, micro) => sum + micro, 0),
  };
}
