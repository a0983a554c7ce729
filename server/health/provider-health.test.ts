import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db";
import { providerAccounts } from "../db/schema";
import { invalidateAccounts } from "../routing/accounts";
import { seal } from "../routing/secret-box";
import { getStore } from "../store";
import { startTestApi, type TestApi } from "../testing/api-server";
import { checkProviderHealthNow, getProviderHealth, startProviderHealthChecks, stopProviderHealthChecks } from "./provider-health";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  stopProviderHealthChecks();
  await api?.close();
});

describe("provider health checks", () => {
  it("checks every account once per round, in memory, and counts failures in a row", async () => {
    const id = `acc_health_${crypto.randomUUID().slice(0, 8)}`;
    await (await getDb()).insert(providerAccounts).values({
      id,
      provider: "mts",
      name: "unreachable",
      secretEncrypted: seal(JSON.stringify({ apiKey: "k", baseUrl: "http://127.0.0.1:9/v1" })),
      priority: -500,
      models: ["mts/qwen3-32b"],
    });
    invalidateAccounts();

    // The runtime started the checks at boot, before this account existed: a manual round sees it.
    await startProviderHealthChecks(60_000);
    await checkProviderHealthNow();
    const first = getProviderHealth();
    for (const provider of ["gigachat", "yandex", "mts", "tbank"])
      expect(first.find((h) => h.accountId === `demo:${provider}`)).toMatchObject({ ok: true, provider, failuresInARow: 0 });
    expect(first.find((h) => h.accountId === id)).toMatchObject({ ok: false, failuresInARow: 1, provider: "mts" });
    expect(first.find((h) => h.accountId === id)!.message).toBeTruthy();

    // A second start is a no-op; a manual round counts the failure again.
    await startProviderHealthChecks(60_000);
    expect(getProviderHealth().find((h) => h.accountId === id)!.failuresInARow).toBe(1);
    await checkProviderHealthNow();
    expect(getProviderHealth().find((h) => h.accountId === id)!.failuresInARow).toBe(2);

    await (await getDb()).delete(providerAccounts).where(eq(providerAccounts.id, id));
    invalidateAccounts();
    await checkProviderHealthNow();
    expect(getProviderHealth().some((h) => h.accountId === id)).toBe(false);
  });

  it("shares each round through the store: an instance that does not lead the jobs calls no provider and shows the shared round", async () => {
    await checkProviderHealthNow();
    const shared = JSON.parse((await getStore().get("provider-health"))!) as { accountId: string }[];
    expect(shared.map((h) => h.accountId).sort()).toEqual(getProviderHealth().map((h) => h.accountId).sort());

    const checkedAt = new Date(Date.now() - 30_000);
    const round = [{ accountId: "acc_elsewhere", provider: "mts", name: "checked by the leader", ok: true, latencyMs: 12, checkedAt, failuresInARow: 0 }];
    await getStore().set("provider-health", JSON.stringify(round), 60_000);
    stopProviderHealthChecks();
    await startProviderHealthChecks(60_000, () => false);
    expect(getProviderHealth()).toEqual(round);
    stopProviderHealthChecks();
  });
});
