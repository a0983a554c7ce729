import { z } from "zod";
import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = "tooShort" | "tooLong" | "common";

/** Why a new password is refused, or undefined when it is acceptable. Pure: the forms call it while typing too. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return "tooShort";
  if (password.length > MAX_PASSWORD_LENGTH) return "tooLong";
  const lower = password.toLowerCase();
  // A common word padded with digits or symbols ("password123", "!qwerty2025") is guessed as fast as the word.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core)) return "common";
  return undefined;
}

/**
 * 0 (refused) to 4 (strong), for the hint under the password field: length and the kinds of characters used.
 * Only `passwordProblem` decides what is accepted.
 */
export function passwordStrength(password: string): 0 | 1 | 2 | 3 | 4 {
  if (passwordProblem(password)) return 0;
  const kinds = [/[a-zа-яё]/, /[A-ZА-ЯЁ]/, /\d/, /[^\p{L}\d]/u].filter((re) => re.test(password)).length;
  const distinct = new Set(password).size;
  if (distinct < 4) return 1;
  const score = (password.length >= 14 ? 2 : 1) + (kinds >= 3 ? 2 : kinds === 2 ? 1 : 0);
  return Math.min(4, Math.max(1, score)) as 1 | 2 | 3 | 4;
}

/** The one rule for every new password: sign-up, reset, change and `xrouter user create`. */
export const passwordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
