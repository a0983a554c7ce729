import { describe, expect, it } from "vitest";
import { decideProviderSignIn } from "./provider-sign-in";

describe("decideProviderSignIn", () => {
  it("follows an existing link whatever the emails say", () => {
    expect(decideProviderSignIn({ linkedUserId: "usr_a", verifiedEmail: "b@x.test", verifiedEmailOwnerId: "usr_b" })).toEqual({
      action: "sign-in",
      userId: "usr_a",
    });
    expect(decideProviderSignIn({ linkedUserId: "usr_a", linkingUserId: "usr_a" })).toEqual({ action: "sign-in", userId: "usr_a" });
  });

  it("never moves a link to another user who asks for it", () => {
    expect(decideProviderSignIn({ linkedUserId: "usr_a", linkingUserId: "usr_b" })).toEqual({ action: "refuse", reason: "link_taken" });
  });

  it("links to the signed-in user who asked, even without a verified email", () => {
    expect(decideProviderSignIn({ linkingUserId: "usr_a" })).toEqual({ action: "link", userId: "usr_a" });
    expect(decideProviderSignIn({ linkingUserId: "usr_a", verifiedEmail: "b@x.test", verifiedEmailOwnerId: "usr_b" })).toEqual({
      action: "link",
      userId: "usr_a",
    });
  });

  it("attaches by a verified email only, and creates an account for a new verified email", () => {
    expect(decideProviderSignIn({ verifiedEmail: "a@x.test", verifiedEmailOwnerId: "usr_a" })).toEqual({ action: "link", userId: "usr_a" });
    expect(decideProviderSignIn({ verifiedEmail: "new@x.test" })).toEqual({ action: "create", email: "new@x.test" });
  });

  it("without a link, a request or a verified email, asks to link from a signed-in session", () => {
    expect(decideProviderSignIn({})).toEqual({ action: "refuse", reason: "link_required" });
  });
});
