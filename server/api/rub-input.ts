import { z } from "zod";
import { parseRub } from "../money";

/** A non-negative ruble amount typed by an admin (up to 6 decimals) → micro-rubles. */
export const rub = z
  .string()
  .trim()
  .max(20)
  .transform((text, ctx) => {
    const micro = parseRub(text);
    if (micro === undefined || micro < 0) {
      ctx.addIssue({ code: "custom", message: "invalid_amount" });
      return z.NEVER;
    }
    return micro;
  });
