import { describe, expect, it } from "vitest";
import { ACCOUNT_COOKIE } from "@/server/services/organizations/acting-account";
import { ACCOUNT_COOKIE_NAME } from "./choose-account";

describe("chooseAccount", () => {
  it("writes the cookie the server reads", () => expect(ACCOUNT_COOKIE_NAME).toBe(ACCOUNT_COOKIE));
});
