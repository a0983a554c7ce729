import { describe, expect, it } from "vitest";
import { verifiedProviderEmail } from "./provider-email";

describe("verifiedProviderEmail", () => {
  it("GitHub: the primary address when GitHub marks it verified, normalized", () => {
    const emails = [
      { email: "other@x.test", primary: false, verified: true, visibility: null },
      { email: " Main@X.test ", primary: true, verified: true, visibility: "private" },
    ];
    expect(verifiedProviderEmail("github", { id: 1, email: "public@x.test", emails })).toBe("main@x.test");
  });

  it("GitHub: nothing when the primary is unverified, the list is missing or malformed; never the public email", () => {
    expect(verifiedProviderEmail("github", { email: "a@x.test", emails: [{ email: "a@x.test", primary: true, verified: false }] })).toBeUndefined();
    expect(verifiedProviderEmail("github", { email: "a@x.test", emails: [{ email: "b@x.test", primary: false, verified: true }] })).toBeUndefined();
    expect(verifiedProviderEmail("github", { email: "a@x.test" })).toBeUndefined();
    expect(verifiedProviderEmail("github", { email: "a@x.test", emails: { message: "Bad credentials" } })).toBeUndefined();
    expect(verifiedProviderEmail("github", undefined)).toBeUndefined();
  });

  it("Yandex ID: never, since login.yandex.ru/info has no verified flag", () => {
    expect(verifiedProviderEmail("yandex", { id: "1", default_email: "vasya@yandex.ru", emails: ["vasya@yandex.ru"] })).toBeUndefined();
  });

  it("an unknown provider: never", () => {
    expect(verifiedProviderEmail("example", { email: "a@x.test", email_verified: true })).toBeUndefined();
  });
});
