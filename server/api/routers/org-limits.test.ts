import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { INVITATIONS_PER_USER, ORGANIZATIONS_PER_USER } from "../../services/organizations/org-rate-limits";
import { callerFor, createOrgFixture, createPerson } from "../../testing/organizations";
import { errorOf, openTrpcTestDb } from "../../testing/trpc";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTrpcTestDb();
});
afterAll(() => handle?.close());

const address = () => `limit-${crypto.randomUUID().slice(0, 8)}@example.test`;

describe("org.create and org.invite are limited per day (no mail relay, no wallets in bulk)", () => {
  it("a user creates at most ORGANIZATIONS_PER_USER organizations a day", async () => {
    const person = await createPerson(handle.db, "creator-limit");
    const caller = callerFor(handle.db, person);
    const { version } = await caller.legal.offerStatus();
    for (let i = 0; i < ORGANIZATIONS_PER_USER.limit; i++) await caller.org.create({ name: `Many ${crypto.randomUUID()}`, offerVersion: version });
    const refused = await errorOf(caller.org.create({ name: `One more ${crypto.randomUUID()}`, offerVersion: version }));
    expect([refused.code, refused.message]).toEqual(["TOO_MANY_REQUESTS", "too_many_organizations"]);
  });

  it("a member sends at most INVITATIONS_PER_USER invitations a day; another admin may still send", async () => {
    const f = await createOrgFixture(handle.db, "invite-limit");
    const owner = callerFor(handle.db, f.members.owner, f.org.id);
    for (let i = 0; i < INVITATIONS_PER_USER.limit; i++) await owner.org.invite({ email: address(), role: "viewer" });
    const refused = await errorOf(owner.org.invite({ email: address(), role: "viewer" }));
    expect([refused.code, refused.message]).toEqual(["TOO_MANY_REQUESTS", "too_many_invitations"]);
    await callerFor(handle.db, f.members.admin, f.org.id).org.invite({ email: address(), role: "viewer" });
  });
});
