import { describe, expect, it } from "vitest";
import { passwordProblem, passwordSchema, passwordStrength } from "./rules";

describe("password rules", () => {
  it.each([
    ["short-pw1", "tooShort"],
    ["x".repeat(201), "tooLong"],
    ["password12", "common"],
    ["qwertyuiop", "common"],
    ["Password123!", "common"],
    ["!!qwerty2025", "common"],
    ["1234567890", "common"],
  ])("%s is refused: %s", (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
    expect(passwordSchema.safeParse(password).error?.issues[0]?.message).toBe(problem);
    expect(passwordStrength(password)).toBe(0);
  });

  it.each(["correct horse battery", "bench-password-1", "the right password", "Zy7#long enough"])("%s is accepted", (password) => {
    expect(passwordProblem(password)).toBeUndefined();
    expect(passwordSchema.safeParse(password).success).toBe(true);
    expect(passwordStrength(password)).toBeGreaterThan(0);
  });

  it("rates length and variety higher", () => {
    expect(passwordStrength("aaaaaaaaaaab")).toBe(1);
    expect(passwordStrength("lowercaseonly")).toBeLessThan(passwordStrength("Mixed-Case 2 long phrase"));
    expect(passwordStrength("Mixed-Case 2 long phrase")).toBe(4);
  });
});
