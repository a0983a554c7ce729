import { formatMonth } from "../../core/format/time";
import type { DocumentParty } from "./parties";
import type { UpdLine } from "./upd-appendix";

/** A monthly УПД (статус 1: счёт-фактура and act in one) as issued, or its correction. */
export interface UpdDocument {
  /** As printed after «№»; a correction keeps the number of the document it corrects. */
  number: string;
  /** YYYY-MM-DD; a correction keeps the date of the document it corrects. */
  date: string;
  /** «Исправление № … от …» (field 1а) when this corrects an earlier УПД. */
  correction?: { number: number; date: string };
  /** The Moscow-time month of the services, YYYY-MM. */
  period: string;
  seller: DocumentParty;
  buyer: DocumentParty;
  /** The month's charges rounded once to kopecks, VAT included. */
  amountMicro: number;
  /** The VAT inside amountMicro, whole kopecks. */
  vatMicro: number;
  /** 2200 = 22 %; null when the seller pays no VAT. */
  vatBasisPoints: number | null;
  /** What the services were rendered under (field 8), e.g. the accepted offer. */
  basis: string;
  /** The detail by model and key: the appendix; their sum rounds to amountMicro. */
  lines: readonly UpdLine[];
}

// A4 landscape in points: every page of a УПД.
export const WIDTH = 841.89;
export const HEIGHT = 595.28;
export const MARGIN = 20;
export const CONTENT = WIDTH - 2 * MARGIN;
/** What a form prints in a field that does not apply. */
export const NONE = "--";

/** «Услуги доступа к API языковых моделей за ноябрь 2026». */
export function updServiceName(period: string): string {
  return `Услуги доступа к API языковых моделей за ${formatMonth(period, "ru")}`;
}
