import type { Requisites } from "../../legal/requisites";
import type { SellerRequisites } from "./get-seller-requisites";
import type { MonthChargeLine } from "./month-charges";

/** What a УПД keeps in `closing_documents.data`: everything it prints, so it never changes once issued. */
export interface ClosingDocumentData {
  /** The document's date, YYYY-MM-DD: the last day of its month (Moscow time). */
  date: string;
  /** 2200 = 22 %; 0 when the seller pays no VAT. */
  rateBasisPoints: number;
  /** The month's charges, exact in micro-rubles, before the one rounding to kopecks. */
  exactMicro: number;
  /** The appendix by model and key: `amountMicro` exact, `roundedMicro` whole kopecks summing to the document's amount. */
  lines: (MonthChargeLine & { roundedMicro: number })[];
  buyer: Requisites;
  seller: SellerRequisites;
  /**
   * A correction (исправление): printed with the number and date of the УПД it corrects (`root`), its ordinal among
   * that УПД's corrections, and what the document it replaces (the latest before it) said.
   */
  correction?: { ordinal: number; root: { number: number; date: string }; replaces: { amountMicro: number; vatMicro: number } };
}
